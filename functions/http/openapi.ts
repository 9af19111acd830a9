/** GET /v1/openapi.json — the contract, generated once per container from the zod schemas. */
import { buildOpenApiDocument } from '../../schemas/openapi.ts';
import { openApiRoute } from '../../schemas/routes.ts';
import { publicRoute } from '../commons/http/route.ts';

let document: Record<string, unknown> | undefined;

export const handler = publicRoute(openApiRoute, async () => {
  document ??= buildOpenApiDocument();
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
