import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, schemaFile } from '../../scripts/gen-api-types.ts';

describe('the web app’s API types', () => {
  it('match the OpenAPI document the server publishes', async () => {
    const committed = await readFile(schemaFile, 'utf8').catch(() => '');
    const current = await generateApiTypes();
    // A plain comparison: a diff of 500 kB of types would bury the one thing to do.
    expect(committed === current, 'web/src/api/schema.d.ts is out of date: run npm run gen:api').toBe(true);
  });
});
