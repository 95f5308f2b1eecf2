/**
 * Job queue throughput: enqueue 20,000 jobs, then 4 workers (4 queues with their own connections, 4
 * jobs at a time each) drain them with a no-op handler; and what an enqueue adds to a transaction.
 * Targets on the 2-core machine: draining at ≥ 2,000 jobs/s on SQLite, ≥ 1,000 jobs/s on PostgreSQL.
 * Run: node --import tsx bench/queue.ts   (PostgreSQL too when DATABASE_URL_TEST is set)
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Dialect } from '../src/db/capabilities.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { createJobQueue } from '../src/jobs/create-queue.ts';
import { createScratchDatabase, dialects, until } from '../test/support/databases.ts';

const jobs = 20_000;
const enqueueBatch = 500;
const workers = 4;
const concurrency = 4;
const transactions = 2_000;

interface Figures {
  enqueuePerSecond: number;
  drainPerSecond: number;
  plainTransactionUs: number;
  enqueueTransactionUs: number;
}

async function enqueueAll(database: Database): Promise<number> {
  const queue = createJobQueue(database);
  const started = performance.now();
  for (let first = 0; first < jobs; first += enqueueBatch) {
    await database.db.transaction().execute(async (trx) => {
      for (let n = first; n < first + enqueueBatch; n++) await queue.enqueue(trx, 'noop', { n });
    });
  }
  return jobs / ((performance.now() - started) / 1000);
}

async function drainAll(url: string): Promise<number> {
  const databases = Array.from({ length: workers }, () => openDatabase(url));
  const queues = databases.map((database) => createJobQueue(database));
  let handled = 0;
  const started = performance.now();
  await Promise.all(
    queues.map((queue) => queue.start({ noop: async () => void handled++ }, { concurrency })),
  );
  await until(() => handled >= jobs, 120_000, 5);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(queues.map((queue) => queue.stop()));
  await Promise.all(databases.map((database) => database.close()));
  if (handled !== jobs) throw new Error(`handled ${handled} jobs, expected ${jobs}`);
  return jobs / seconds;
}

/** µs per transaction holding one small insert, without and with an enqueue (alternating, after a warm-up). */
async function transactionCost(database: Database): Promise<[plain: number, withEnqueue: number]> {
  const queue = createJobQueue(database);
  await sql`create table bench_rows (id integer primary key, value text not null)`.execute(database.db);
  let id = 0;
  const transaction = (enqueue: boolean) =>
    database.db.transaction().execute(async (trx) => {
      id += 1;
      await sql`insert into bench_rows (id, value) values (${id}, ${'approved'})`.execute(trx);
      if (enqueue) await queue.enqueue(trx, 'notify', { id });
    });
  for (let i = 0; i < 200; i++) await transaction(i % 2 === 0);
  const totals = [0, 0];
  for (let i = 0; i < transactions; i++) {
    const enqueue = i % 2;
    const started = performance.now();
    await transaction(enqueue === 1);
    totals[enqueue]! += performance.now() - started;
  }
  return [(totals[0]! / (transactions / 2)) * 1000, (totals[1]! / (transactions / 2)) * 1000];
}

async function measure(dialect: Dialect): Promise<Figures> {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  try {
    await createJobQueue(database).prepare();
    const enqueuePerSecond = await enqueueAll(database);
    const drainPerSecond = await drainAll(scratch.url);
    const [plainTransactionUs, enqueueTransactionUs] = await transactionCost(database);
    return { enqueuePerSecond, drainPerSecond, plainTransactionUs, enqueueTransactionUs };
  } finally {
    await database.close();
    await scratch.drop();
  }
}

const rows: string[] = [];
for (const dialect of dialects) {
  const f = await measure(dialect);
  const round = (value: number) => Math.round(value).toLocaleString('en-US');
  rows.push(
    `| ${dialect} | ${round(f.enqueuePerSecond)} | ${round(f.drainPerSecond)} | ${round(f.plainTransactionUs)} | ` +
      `${round(f.enqueueTransactionUs)} | +${round(f.enqueueTransactionUs - f.plainTransactionUs)} |`,
  );
}
console.log(
  `\n${jobs.toLocaleString('en-US')} no-op jobs; ${workers} workers × ${concurrency} jobs at a time\n`,
);
console.log(
  '| database | enqueue (jobs/s, 500 per transaction) | drain (jobs/s) | transaction with one insert (µs) | same + enqueue (µs) | enqueue adds (µs) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
