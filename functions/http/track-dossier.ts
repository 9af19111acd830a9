/**
 * GET /v1/track/{dossierCode}?phoneLast4= — the citizen follows a dossier. Without the last
 * four digits of the phone given at registration nothing is revealed, not even whether the
 * dossier exists; with them, the timeline without personal data.
 */
import { timingSafeEqual } from 'node:crypto';
import { trackDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore } from '../adapters/index.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { publicRoute } from '../commons/http/route.ts';
import { dossierView } from '../domain/dossiers.ts';

const sameDigits = (left: string, right: string): boolean =>
  left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));

export const handler = publicRoute(trackDossierRoute, async ({ params, query }) => {
  const notFound = new HttpProblem('not-found', 'No dossier with this code and phone number');
  const found = await dossierStore().find(params.dossierCode);
  if (!found || !query.phoneLast4 || !sameDigits(found.dossier.applicant.phone.slice(-4), query.phoneLast4)) {
    throw notFound;
  }
  const { dossier, events } = found;
  const view = dossierView(
    dossier,
    events,
    await itemStore().snapshots(dossier.items.map((item) => item.itemCode)),
  );
  return {
    status: 200,
    body: {
      dossierCode: params.dossierCode,
      status: dossier.status,
      agency: dossier.agency,
      procedure: dossier.procedure,
      items: view.items,
      timeline: view.timeline.map((entry) => ({
        type: entry.type,
        occurredAt: entry.occurredAt,
        ...('itemCode' in entry ? { itemCode: entry.itemCode, postOfficeCode: entry.postOfficeCode } : {}),
      })),
    },
  };
});
