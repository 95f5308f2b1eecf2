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

    const upTo5 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006'));
    const { results } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => upTo5 },
    }).migrateToLatest();
    expect(results?.map((r) => r.migrationName)).toEqual(['0005_request_vendor_codes']);
    // The column is gone since 0007: read as the migration left it.
    const { rows } = await sql`select id, vendor_code from erp_requests order by id`.execute(db);
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

describe.each(dialects)('migration 0007 on %s', (dialect) => {
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

  it('reserves the keys of exports under way (claims kept as written), and subcontracts of synced commitments', async () => {
    const all = migrations(database.caps);
    const upTo6 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0007'));
    const { error } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => upTo6 },
    }).migrateToLatest();
    expect(error).toBeUndefined();

    const at = '2026-12-01T10:00:00.000Z';
    const { db } = database;
    await sql`insert into companies (id, name, time_zone, erp_system, features, settings, version, created_at, updated_at)
              values ('c', 'Acme', 'UTC', 'spectrum', '{}', '{}', 1, ${at}, ${at})`.execute(db);
    await sql`insert into users (id, email, name, is_operator, created_at, updated_at)
              values ('u', 'u@example.com', 'U', 0, ${at}, ${at})`.execute(db);
    const request = (id: string, kind: string, status: string, snapshot: unknown, options: unknown) =>
      sql`insert into erp_requests (id, company_id, kind, subject_id, subject_label, status, version, sender_id,
                                    sent_at, snapshot, preflight, accept_options, attempts, updated_at)
          values (${id}, 'c', ${kind}, ${`s-${id}`}, 'S', ${status}, 2, 'u', ${at}, ${JSON.stringify(snapshot)},
                  '{}', ${options === null ? null : JSON.stringify(options)}, 0, ${at})`.execute(db);
    const job = (jobNumber: string) => ({ kind: 'project', jobNumber, jobTemplate: null, template: null });
    await request('p-claimed', 'project', 'failed', {}, job('J1'));
    await sql`insert into erp_export_claims (request_id, key, claimed_at) values ('p-claimed', 'J1', ${at})`.execute(
      db,
    );
    await request('p-same-number', 'project', 'exporting', {}, job('J1'));
    await request('p-exporting', 'project', 'exporting', {}, job('J2'));
    await request('v-new', 'vendor', 'exporting', {}, { kind: 'vendor', vendorCode: 'ACME', isNew: true });
    await request(
      'v-update',
      'vendor',
      'exporting',
      {},
      { kind: 'vendor', vendorCode: 'BOLT', isNew: false },
    );
    const commitment = { number: 'SC-1', vendor: { vendorCode: 'ACME' } };
    await request('k-synced', 'commitment', 'synced', commitment, { kind: 'commitment' });
    await request('k-rejected', 'commitment', 'rejected', { ...commitment, number: 'SC-2' }, null);

    expect(await migrateToLatest(database)).toContain('0007_erp_key_reservations');
    const rows = await db
      .selectFrom('erp_key_reservations')
      .select(['kind', 'scope', 'key', 'subject_id', 'request_id', 'written_at'])
      .orderBy('request_id')
      .execute();
    expect(rows).toEqual([
      {
        kind: 'subcontract',
        scope: 'ACME',
        key: 'SC-1',
        subject_id: 's-k-synced',
        request_id: 'k-synced',
        written_at: at,
      },
      {
        kind: 'job',
        scope: '',
        key: 'J1',
        subject_id: 's-p-claimed',
        request_id: 'p-claimed',
        written_at: at,
      },
      {
        kind: 'job',
        scope: '',
        key: 'J2',
        subject_id: 's-p-exporting',
        request_id: 'p-exporting',
        written_at: null,
      },
      {
        kind: 'vendor',
        scope: '',
        key: 'ACME',
        subject_id: 's-v-new',
        request_id: 'v-new',
        written_at: null,
      },
    ]);
  });
});
