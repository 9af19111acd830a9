/** GET /v1/dossiers/{dossierRef} — a dossier, its items and its timeline, for those it belongs to. */
import { getDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { dossierView } from '../domain/dossiers.ts';

export const handler = httpRoute(getDossierRoute, async ({ params, caller }) => {
  const found = await dossierStore().find(params.dossierRef);
  if (!found) throw new HttpProblem('not-found', `No dossier ${params.dossierRef}`);
  const { dossier, events } = found;
  assertCanAccess(
    caller,
    { agencyCode: dossier.agency.code, postOfficeCodes: dossier.postOfficeCodes },
    'dossier',
  );
  const items = await itemStore().snapshots(dossier.items.map((item) => item.itemCode));
  return { status: 200, body: dossierView(dossier, events, items) };
});
