/** GET /v1/items/{itemCode} — status, due date, lateness and timeline, for the offices and agency it belongs to. */
import { getItemRoute } from '../../schemas/routes.ts';
import { itemStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { itemView } from '../domain/items/items.ts';

export const handler = httpRoute(getItemRoute, async ({ params, caller }) => {
  const snapshot = await itemStore().load(params.itemCode);
  if (!snapshot) throw new HttpProblem('not-found', `No item ${params.itemCode}`);
  const { item, facts } = snapshot;
  assertCanAccess(
    caller,
    { agencyCode: item.agencyCode, postOfficeCodes: [item.originOfficeCode, item.destinationOfficeCode] },
    'item',
  );
  return { status: 200, body: itemView(item, facts, systemNow()) };
});
