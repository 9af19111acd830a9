/** POST /v1/dossiers/{dossierRef}/result-ready — the agency's result waits for postal collection. */
import { functions } from '../../infra/manifest.ts';
import { dossierStore, idempotencyStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { dossierView, markResultReady } from '../domain/dossiers.ts';

export const handler = httpRoute(
  'POST /v1/dossiers/{dossierRef}/result-ready',
  async ({ params, caller }) => {
    if (!caller) throw new HttpProblem('unauthorized');
    const found = await dossierStore().find(params.dossierRef);
    if (!found) throw new HttpProblem('not-found', `No dossier ${params.dossierRef}`);
    assertCanAccess(
      caller,
      { agencyCode: found.dossier.agency.code, postOfficeCodes: found.dossier.postOfficeCodes },
      'dossier',
    );
    const change = markResultReady(found.dossier, new Date());
    if (change) await dossierStore().recordChange(change);
    if (!change) return { status: 200, body: dossierView(found.dossier, found.events) };
    return { status: 200, body: dossierView(change.dossier, [...found.events, change.event]) };
  },
  { idempotencyStore, inProgressMs: functions.markResultReady.timeoutSeconds * 1000 },
);
