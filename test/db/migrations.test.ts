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

describe.each(dialects)('migration 0006 on %s', (dialect) => {
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

  it("gives each commitment line its position as its item, the commitment the next one; job costs take Spectrum's shape", async () => {
    const all = migrations(database.caps);
    const upTo5 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006'));
    const { error } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => upTo5 },
    }).migrateToLatest();
    expect(error).toBeUndefined();

    const at = new Date().toISOString();
    const { db } = database;
    await sql`insert into companies (id, name, time_zone, erp_system, features, settings, version, created_at, updated_at)
              values ('c', 'Acme', 'UTC', 'spectrum', '{}', '{}', 1, ${at}, ${at})`.execute(db);
    await sql`insert into projects (id, company_id, name, active, created_by, version, created_at, updated_at)
              values ('p', 'c', 'P', 1, 'u', 1, ${at}, ${at})`.execute(db);
    await sql`insert into vendors (id, company_id, name, active, created_by, version, created_at, updated_at)
              values ('v', 'c', 'V', 1, 'u', 1, ${at}, ${at})`.execute(db);
    for (const id of ['k1', 'k2']) {
      await sql`insert into commitments (id, company_id, project_id, type, vendor_id, number, title, status, created_by,
                                         version, created_at, updated_at)
                values (${id}, 'c', 'p', 'subcontract', 'v', ${id}, 'T', 'draft', 'u', 1, ${at}, ${at})`.execute(
        db,
      );
    }
    for (const lineNo of [1, 2, 3]) {
      await sql`insert into commitment_lines (commitment_id, line_no, cost_code, cost_type, amount)
                values ('k1', ${lineNo}, '01-100', 'L', 100)`.execute(db);
    }
    await sql`insert into erp_job_costs (company_id, job_number, code, cost_type, description, original_estimate,
                                         current_estimate, job_to_date_actual, seen_at)
              values ('c', 'J1', '01-100', 'L', 'D', 1, 2, 3, ${at})`.execute(db);

    expect(await migrateToLatest(database)).toContain('0006_spectrum_profile');
    expect(
      await db.selectFrom('commitment_lines').select(['line_no', 'item']).orderBy('line_no').execute(),
    ).toEqual([
      { line_no: 1, item: 1 },
      { line_no: 2, item: 2 },
      { line_no: 3, item: 3 },
    ]);
    expect(await db.selectFrom('commitments').select(['id', 'next_item']).orderBy('id').execute()).toEqual([
      { id: 'k1', next_item: 4 },
      { id: 'k2', next_item: 1 },
    ]);
    // A mirror only the sync writes: made anew (the next sync fills it), with room for what GetPhase lacks.
    expect(await db.selectFrom('erp_job_costs').selectAll().execute()).toEqual([]);
    await db
      .insertInto('erp_job_costs')
      .values({
        company_id: 'c',
        job_number: 'J1',
        code: '01-100',
        cost_type: 'L',
        description: 'D',
        original_estimate: null,
        current_estimate: 2,
        job_to_date_actual: 3,
        projected_cost: 4,
        seen_at: at,
      })
      .execute();
  });
});
