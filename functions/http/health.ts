/** GET /health — liveness, no auth. */
import { SERVICE_NAME } from '../../infra/manifest.ts';
import { httpRoute } from '../commons/http/route.ts';

export const handler = httpRoute('GET /health', async () => ({
  status: 200,
  body: { status: 'ok', service: SERVICE_NAME, time: new Date().toISOString() },
}));
