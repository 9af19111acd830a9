/** The agency's decision on a dossier the post handed over, and a citizen's withdrawal. */
import { agencyDecisionRoute, cancelDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, s10Series } from '../adapters/index.ts';
import { cancelDossier } from '../app/dossiers/cancel-dossier.ts';
import { decideDossier } from '../app/dossiers/decide-dossier.ts';
import { dossierAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { MAX_CLOCK_SKEW_MS, MAX_SCAN_AGE_MS } from '../domain/items/scans.ts';

/** When the agency decided: within the last 30 days and not in the future. */
function decisionTime(decidedAt: string | undefined, now: Date): Date {
  const at = decidedAt ? new Date(decidedAt) : now;
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS || at.getTime() < now.getTime() - MAX_SCAN_AGE_MS) {
    throw new HttpProblem(
      'validation-failed',
      'decidedAt must be within the last 30 days and not in the future',
    );
  }
  return at;
}

export const handler = routeTable(
  httpRoute(agencyDecisionRoute, async ({ params, body, caller }) => {
    const now = systemNow();
    const view = await decideDossier(
      { dossiers: dossierStore(), items: itemStore(), s10: s10Series() },
      {
        dossierRef: params.dossierRef,
        mayAccess: dossierAccess(caller),
        decision: body,
        decidedAt: decisionTime(body.decidedAt, now),
        now,
      },
    );
    return { status: 200, body: view };
  }),
  httpRoute(cancelDossierRoute, async ({ params, body, caller }) => {
    const view = await cancelDossier(
      { dossiers: dossierStore(), items: itemStore() },
      {
        dossierRef: params.dossierRef,
        mayAccess: dossierAccess(caller),
        reason: body.reason,
        now: systemNow(),
      },
    );
    return { status: 200, body: view };
  }),
);
