/** GET /v1/track/{dossierCode}?phoneLast4= — the citizen follows a dossier (`trackDossier`). */
import { trackDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, trackingGuard } from '../adapters/index.ts';
import { trackDossier } from '../app/dossiers/track-dossier.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { publicRoute } from '../commons/http/route.ts';

export const handler = publicRoute(trackDossierRoute, async ({ params, query }) => {
  const tracked = await trackDossier(
    { dossiers: dossierStore(), items: itemStore(), guard: trackingGuard() },
    { dossierCode: params.dossierCode, phoneLast4: query.phoneLast4 },
  );
  if (!tracked) throw new HttpProblem('not-found', 'No dossier with this code and phone number');
  return { status: 200, body: tracked };
});
