/** POST /v1/dossiers/{dossierRef}/result-ready — the agency's result waits for postal collection. */
import { markResultReadyRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore } from '../adapters/index.ts';
import { markResultReady } from '../app/dossiers/mark-result-ready.ts';
import { dossierAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { MAX_CLOCK_SKEW_MS } from '../domain/items/scans.ts';

export const handler = httpRoute(markResultReadyRoute, async ({ params, body, caller }) => {
  const now = systemNow();
  const readyAt = body?.readyAt ? new Date(body.readyAt) : now;
  if (readyAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new HttpProblem('validation-failed', 'readyAt is in the future');
  }
  const view = await markResultReady(
    { dossiers: dossierStore(), items: itemStore() },
    {
      dossierRef: params.dossierRef,
      mayAccess: dossierAccess(caller),
      readyAt,
      now,
      ...(body?.promisedDate ? { promisedDate: body.promisedDate } : {}),
    },
  );
  return { status: 200, body: view };
});
