/** GET /v1/track/{ref}?phoneLast4= — the citizen follows a dossier by its code, PG reference or an item code (`trackDossier`). */
import { trackDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, trackingGuard } from '../adapters/index.ts';
import { trackDossier } from '../app/dossiers/track-dossier.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { publicRoute } from '../commons/http/route.ts';

export const handler = publicRoute(trackDossierRoute, async ({ params, query }) => {
  const tracked = await trackDossier(
    { dossiers: dossierStore(), items: itemStore(), guard: trackingGuard() },
    { ref: params.ref, phoneLast4: query.phoneLast4 },
  );
  if (!tracked) throw new HttpProblem('not-found', 'No dossier with this reference and phone number');
  return { status: 200, body: tracked };
});
