import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { StatementNames } from '../../src/db/postgres/prepared-statements.ts';
import { createScratchDatabase, dialects, type ScratchDatabase } from '../support/databases.ts';

describe('statement names', () => {
  it('names a text on its third run, the same name for every run after', () => {
    const names = new StatementNames();
    expect([names.of('select 1'), names.of('select 1')]).toEqual([undefined, undefined]);
    const name = names.of('select 1');
    expect(name).toBeDefined();
    expect(names.of('select 1')).toBe(name);
    expect(names.of('select 2')).toBeUndefined();
  });

  it('names no more texts than its limit, and never a long one', () => {
    const names = new StatementNames({ limit: 2, runsBeforeNamed: 1 });
    expect(names.of(`select '${'x'.repeat(5_000)}'`)).toBeUndefined();
    const named = ['select 1', 'select 2', 'select 3'].map((text) => names.of(text));
    expect(named).toEqual(['lg_0', 'lg_1', undefined]);
    expect(names.of('select 1')).toBe('lg_0');
  });

  it('forgets the texts run too few times to be named, in bulk, once they are many', () => {
    const names = new StatementNames({ limit: 1, runsBeforeNamed: 2 });
    names.of('select 0');
    for (let i = 1; i <= 20; i++) names.of(`select ${i}`);
    // The 21st distinct text cleared the counts: `select 0` starts again.
    expect(names.of('select 0')).toBeUndefined();
    expect(names.of('select 0')).toBe('lg_0');
  });
});

describe.runIf(dialects.includes('postgres'))('named statements on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  const prepared = async () =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(database.db)
    ).rows.map((row) => row.statement);

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres');
    // One connection, so that what one statement prepared is what the next one sees.
    database = openDatabase(scratch.url, { poolSize: 1 });
    await sql`create table lg_t (a int)`.execute(database.db);
    await sql`insert into lg_t values (1)`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  const selectAll = (db = database.db) =>
    sql<Record<string, number>>`select * from lg_t where a = ${1}`.execute(db).then(({ rows }) => rows);
  const addColumn = (name: string) =>
    sql`alter table lg_t add column ${sql.ref(name)} int`.execute(database.db);

  it('prepares a statement run often once per connection', async () => {
    for (let run = 0; run < 10; run++) expect(await selectAll()).toEqual([{ a: 1 }]);
    expect(await prepared()).toEqual(['select * from lg_t where a = $1']);
  });

  it('runs again, unnamed, a statement outside a transaction whose table a migration changed', async () => {
    await addColumn('b');
    expect(await selectAll()).toEqual([{ a: 1, b: null }]);
    // The connection that held the stale statement was replaced: the new one prepares it afresh.
    expect(await selectAll()).toEqual([{ a: 1, b: null }]);
    expect(await prepared()).toEqual(['select * from lg_t where a = $1']);
  });

  it('fails the transaction that met the stale statement, once: the next one runs on a new connection', async () => {
    await addColumn('c');
    await expect(database.db.transaction().execute((trx) => selectAll(trx))).rejects.toThrow(
      'cached plan must not change result type',
    );
    expect(await database.db.transaction().execute((trx) => selectAll(trx))).toEqual([
      { a: 1, b: null, c: null },
    ]);
  });

  it('replaces a pipelined connection whose statement met a migration, after failing that transaction only', async () => {
    const pipelined = () => database.pipelinedTransaction((trx) => selectAll(trx));
    expect(await pipelined()).toEqual([{ a: 1, b: null, c: null }]);
    await addColumn('d');
    await expect(pipelined()).rejects.toThrow('cached plan must not change result type');
    expect(await pipelined()).toEqual([{ a: 1, b: null, c: null, d: null }]);
  });
});
