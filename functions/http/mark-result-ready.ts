/** POST /v1/dossiers/{dossierRef}/result-ready — the agency's result waits for postal collection. */
import { functions } from '../../infra/manifest.ts';
import { markResultReadyRoute } from '../../schemas/routes.ts';
import { dossierStore, idempotencyStore, itemStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { dossierView, markResultReady, resultReadyFact } from '../domain/dossiers.ts';
import { recordFact } from '../domain/items/ingest.ts';
import { MAX_CLOCK_SKEW_MS } from '../domain/items/scans.ts';

export const handler = httpRoute(
  markResultReadyRoute,
  async ({ params, body, caller }) => {
    if (!caller) throw new HttpProblem('unauthorized');
    const found = await dossierStore().find(params.dossierRef);
    if (!found) throw new HttpProblem('not-found', `No dossier ${params.dossierRef}`);
    assertCanAccess(
      caller,
      { agencyCode: found.dossier.agency.code, postOfficeCodes: found.dossier.postOfficeCodes },
      'dossier',
    );
    const now = new Date();
    const readyAt = body?.readyAt ? new Date(body.readyAt) : now;
    if (readyAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      throw new HttpProblem('validation-failed', 'readyAt is in the future');
    }
    const change = markResultReady(found.dossier, now);
    if (change) await dossierStore().recordChange(change);
    const dossier = change?.dossier ?? found.dossier;
    // Said again after a failure half-way, the item still gets its fact (recorded once).
    const outbound = dossier.items.find((item) => item.direction === 'outbound');
    if (outbound)
      await recordFact(itemStore(), outbound.itemCode, (item) => resultReadyFact(item, readyAt, now));
    const events = change ? [...found.events, change.event] : found.events;
    const items = await itemStore().snapshots(dossier.items.map((item) => item.itemCode));
    return { status: 200, body: dossierView(dossier, events, items) };
  },
  { idempotencyStore, inProgressMs: functions.markResultReady.timeoutSeconds * 1000 },
);
