import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { SqliteJobQueue } from '../../src/jobs/sqlite-queue.ts';
import { createScratchDatabase, type ScratchDatabase, until } from '../support/databases.ts';

describe('job queue table on sqlite', () => {
  let scratch: ScratchDatabase;
  const databases: Database[] = [];
  const queues: SqliteJobQueue[] = [];

  const open = () => {
    const database = openDatabase(scratch.url);
    databases.push(database);
    const queue = new SqliteJobQueue(database.db, { pollIntervalMs: 20 });
    queues.push(queue);
    return { db: database.db, queue };
  };

  beforeEach(async () => {
    scratch = await createScratchDatabase('sqlite');
  });

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    await Promise.all(databases.splice(0).map((database) => database.close()));
    await scratch.drop();
  });

  it('brings a table made before groups up to date, keeping its jobs, even when two processes race', async () => {
    const { db } = open();
    // The table as prepare() made it before jobs had groups, with a job waiting in it.
    await sql`create table ledgergate_jobs (
                id integer primary key autoincrement, kind text not null, payload text not null,
                key text unique, run_at text not null, attempts integer not null default 0,
                max_attempts integer not null, locked_by text, locked_until text, last_error text,
                created_at text not null)`.execute(db);
    await sql`create index ledgergate_jobs_due on ledgergate_jobs (run_at) where attempts < max_attempts`.execute(
      db,
    );
    const now = new Date().toISOString();
    await sql`insert into ledgergate_jobs (kind, payload, run_at, max_attempts, created_at)
              values ('old', '{"n":1}', ${now}, 10, ${now})`.execute(db);

    const [first, second] = [open(), open()];
    await Promise.all([first.queue.prepare(), second.queue.prepare()]);
    const columns = await sql<{ name: string }>`pragma table_info(ledgergate_jobs)`.execute(db);
    expect(columns.rows.map((column) => column.name)).toContain('job_group');
    const indexes = await sql<{ name: string }>`pragma index_list(ledgergate_jobs)`.execute(db);
    expect(indexes.rows.map((index) => index.name)).not.toContain('ledgergate_jobs_due');

    const runs: unknown[] = [];
    await first.queue.enqueue(first.db, 'old', { n: 2 }, { group: 'company-a' });
    await first.queue.start({ old: async (payload) => void runs.push(payload) });
    await until(() => runs.length === 2);
    expect(runs).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
