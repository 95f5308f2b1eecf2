import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { apiAs } from '../support/api.ts';
import { testContext } from '../support/context.ts';
import { createScratchDatabase, dialects, type ScratchDatabase } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { makeVendor } from '../support/records.ts';

/**
 * A rolling upgrade: a newer process's migration adds a column to a table while this process runs, its
 * connections holding statements prepared on the table as it was.
 */
describe.runIf(dialects.includes('postgres'))('a migration under a running API process', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  let ctx: WorkflowContext;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres');
    // One connection: the statements prepared by one request are those the next one uses.
    database = openDatabase(scratch.url, { poolSize: 1 });
    await migrateToLatest(database);
    ctx = testContext(database);
    app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await scratch?.drop();
  });

  it('answers 503 schema_changed for the change that met it, saves nothing, and the retry succeeds', async () => {
    const operator = await makeOperator(ctx);
    const companyId = (await makeCompany(ctx, operator, 'spectrum')).id;
    const pm = await makeMember(ctx, operator, companyId, { project: 'admin' });
    const vendor = await makeVendor(ctx, pm, companyId);
    const api = apiAs(app, pm);
    const url = `/companies/${companyId}/vendors/${vendor.id}`;
    let version = vendor.version;
    const rename = (name: string) => api.patch(url, { name, version });
    for (const name of ['One', 'Two', 'Three', 'Four']) {
      const renamed = await rename(name);
      expect(renamed.status).toBe(200);
      version = (renamed.body as { version: number }).version;
    }

    await sql`alter table vendors add column added_by_a_newer_release text`.execute(database.db);
    const refused = await app.inject({
      method: 'PATCH',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${pm.token}` },
      payload: { name: 'Five', version },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'schema_changed', status: 503 });
    expect(refused.headers['retry-after']).toBe('1');
    expect(((await api.get(url)).body as { name: string }).name).toBe('Four');

    const retried = await rename('Five');
    expect(retried.status).toBe(200);
    expect(((await api.get(url)).body as { name: string }).name).toBe('Five');
  });
});
