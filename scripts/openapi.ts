/** `npm run openapi` — prints the OpenAPI 3.1 document that GET /v1/openapi.json serves. */
import { buildOpenApiDocument } from '../schemas/openapi.ts';

process.stdout.write(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
