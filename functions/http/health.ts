/** GET /health — liveness, no auth. */
import { SERVICE_NAME } from '../../infra/manifest.ts';
import { healthRoute } from '../../schemas/routes.ts';
import { systemNow } from '../commons/clock.ts';
import { publicRoute } from '../commons/http/route.ts';

export const handler = publicRoute(healthRoute, async () => ({
  status: 200,
  body: { status: 'ok', service: SERVICE_NAME, time: systemNow().toISOString() },
}));
