/**
 * `npm run openapi` — prints the OpenAPI 3.1 document that GET /v1/openapi.json serves;
 * `npm run openapi -- --write` refreshes the copy kept in the repository, `docs/openapi.json`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../schemas/openapi.ts';

/** The checked-in copy of the document, which a unit test keeps equal to the schemas'. */
export const OPENAPI_DOCUMENT_PATH = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

export const openApiDocumentText = (): string => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) {
    writeFileSync(OPENAPI_DOCUMENT_PATH, openApiDocumentText());
    process.stdout.write(`openapi: wrote ${OPENAPI_DOCUMENT_PATH}\n`);
  } else {
    process.stdout.write(openApiDocumentText());
  }
}
