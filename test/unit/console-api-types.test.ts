/** The console's API types never drift from the contract: the checked-in file is a fresh generation. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../web/scripts/api-types.ts';

describe('web/src/api/schema.d.ts', () => {
  it('is what `npm run gen:api` makes of the OpenAPI document today', async () => {
    const fresh = await generateApiTypes();
    expect(fresh).toContain('"/v1/scans"');
    expect(readFileSync(API_TYPES_FILE, 'utf8'), 'run `npm run gen:api` and commit the result').toBe(fresh);
  });
});
