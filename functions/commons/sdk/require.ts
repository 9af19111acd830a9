/**
 * The AWS SDK v3 packages, loaded with `require` rather than `import`.
 *
 * The SDK's packages are CommonJS and their package.json names no "type". Imported with
 * `import`, Node's ESM loader first parses each entry file whole to detect its module syntax,
 * then loads it as CommonJS anyway; `require` loads it once. For the DynamoDB client and
 * document client that is some 5–10 ms of every cold start (bench/bundles.ts measures it).
 *
 * The packages stay external to the bundles: in Lambda they resolve from the runtime's SDK
 * (NODE_PATH), locally from node_modules. The modules beside this one re-export what the
 * functions use, with the packages' own types; `import type` from the package works as before.
 */
// Not `createRequire` or `require`: the bundles' banner declares both at the top level.
import { createRequire as requireFrom } from 'node:module';

export const requireSdk = requireFrom(import.meta.url);
