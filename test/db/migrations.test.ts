import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { createScratchDatabase, dialects, type ScratchDatabase } from '../support/databases.ts';

describe.each(dialects)('migrations on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let database: Database;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    database = openDatabase(scratch.url);
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  it('0005 copies the vendor code of requests accepted before it into their own column', async () => {
    const all = migrations(database.caps);
    const upTo4 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0005'));
    const { error } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => upTo4 },
    }).migrateToLatest();
    expect(error).toBeUndefined();

    const at = new Date().toISOString();
    const { db } = database;
    await sql`insert into companies (id, name, time_zone, erp_system, features, settings, version, created_at, updated_at)
              values ('c', 'Acme', 'UTC', 'spectrum', '{}', '{}', 1, ${at}, ${at})`.execute(db);
    await sql`insert into users (id, email, name, is_operator, created_at, updated_at)
              values ('u', 'u@example.com', 'U', 0, ${at}, ${at})`.execute(db);
    const request = (id: string, kind: string, options: unknown) =>
      sql`insert into erp_requests (id, company_id, kind, subject_id, subject_label, status, version, sender_id,
                                    sent_at, snapshot, preflight, accept_options, attempts, updated_at)
          values (${id}, 'c', ${kind}, ${`s-${id}`}, 'S', 'exporting', 2, 'u', ${at}, '{}', '{}',
                  ${options === null ? null : JSON.stringify(options)}, 0, ${at})`.execute(db);
    await request('vendor-accepted', 'vendor', { kind: 'vendor', vendorCode: 'ACME', isNew: true });
    await request('vendor-waiting', 'vendor', null);
    await request('project', 'project', {
      kind: 'project',
      jobNumber: 'J1',
      jobTemplate: null,
      template: null,
    });

    expect(await migrateToLatest(database)).toContain('0005_request_vendor_codes');
    const rows = await db.selectFrom('erp_requests').select(['id', 'vendor_code']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'project', vendor_code: null },
      { id: 'vendor-accepted', vendor_code: 'ACME' },
      { id: 'vendor-waiting', vendor_code: null },
    ]);
  });
});
