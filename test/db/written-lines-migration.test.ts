import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { createScratchDatabase, dialects, type ScratchDatabase } from '../support/databases.ts';

describe.each(dialects)('migration 0008 on %s', (dialect) => {
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

  const migrateBefore = async (name: string) => {
    const all = migrations(database.caps);
    const before = Object.fromEntries(Object.entries(all).filter(([migration]) => migration < name));
    return new Migrator({
      db: database.db,
      provider: { getMigrations: async () => before },
    }).migrateToLatest();
  };

  it('records the line keys of every accepted commitment and change order request, synced or not', async () => {
    expect((await migrateBefore('0008')).error).toBeUndefined();
    const at = '2026-12-01T10:00:00.000Z';
    const { db } = database;
    await sql`insert into companies (id, name, time_zone, erp_system, features, settings, version, created_at, updated_at)
              values ('c', 'Acme', 'UTC', 'spectrum', '{}', '{}', 1, ${at}, ${at})`.execute(db);
    await sql`insert into users (id, email, name, is_operator, created_at, updated_at)
              values ('u', 'u@example.com', 'U', 0, ${at}, ${at})`.execute(db);
    const request = (
      id: string,
      kind: string,
      subject: string,
      status: string,
      lines: unknown[],
      accepted = true,
    ) =>
      sql`insert into erp_requests (id, company_id, kind, subject_id, subject_label, status, version, sender_id,
                                    sent_at, snapshot, preflight, accept_options, attempts, updated_at)
          values (${id}, 'c', ${kind}, ${subject}, 'S', ${status}, 2, 'u', ${at}, ${JSON.stringify({ lines })},
                  '{}', ${accepted ? JSON.stringify({ kind }) : null}, 0, ${at})`.execute(db);
    const line = (costCode: string, costType: string, extra: object = {}) => ({
      costCode,
      costType,
      amount: '1.00',
      ...extra,
    });
    // K1's first export failed half-way and was rejected; its second is synced.
    await request('k1-failed', 'commitment', 'K1', 'rejected', [
      line('03-300', 'L', { item: 1 }),
      line('03-300', 'M', { item: 2 }),
    ]);
    await request('k1-synced', 'commitment', 'K1', 'synced', [line('01-100', 'L', { item: 1 })]);
    // Exported by the first release, which keyed a line by its position.
    await request('k2', 'commitment', 'K2', 'synced', [line('01-100', 'L'), line('02-200', 'E')]);
    await request(
      'k3-not-accepted',
      'commitment',
      'K3',
      'rejected',
      [line('01-100', 'L', { item: 1 })],
      false,
    );
    await request('co1', 'change_order', 'CO1', 'failed', [
      line('03-300', 'M', { commitmentItem: 2 }),
      line('01-100', 'M', { commitmentItem: null }),
    ]);
    await request('b1', 'budget', 'P1', 'synced', [line('01-100', 'L')]);

    expect((await migrateBefore('0009')).results?.map((r) => r.migrationName)).toEqual([
      '0008_erp_written_lines',
    ]);
    const rows = await db
      .selectFrom('erp_written_lines')
      .select(['record_id', 'cost_code', 'cost_type', 'item'])
      .orderBy('record_id')
      .orderBy('cost_code')
      .orderBy('cost_type')
      .orderBy('item')
      .execute();
    expect(rows.map((r) => [r.record_id, r.cost_code, r.cost_type, r.item])).toEqual([
      ['CO1', '01-100', 'M', ''],
      ['CO1', '03-300', 'M', '2'],
      ['K1', '01-100', 'L', '1'],
      ['K1', '03-300', 'L', '1'],
      ['K1', '03-300', 'M', '2'],
      ['K2', '01-100', 'L', '1'],
      ['K2', '02-200', 'E', '2'],
    ]);
  });
});
