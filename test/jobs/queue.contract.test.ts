import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import type { JobContext, JobQueue, QueueOptions } from '../../src/jobs/queue.ts';
import { createScratchDatabase, dialects, type ScratchDatabase, until } from '../support/databases.ts';

const leaseMs = 900;
const backoff = { baseMs: 50, capMs: 400 };
const timing: QueueOptions = { leaseMs, pollIntervalMs: 20, backoff };
const hangingWorker = fileURLToPath(new URL('./support/hanging-worker.ts', import.meta.url));

const idle = { waiting: 0, running: 0, dead: 0 };

/**
 * `Database.close()` resolves when pg's `Pool#end` does, before the connections have closed; dropping
 * the database `with (force)` then kills them mid-close, an unhandled error in a pool with no error
 * listener. So the teardown waits until PostgreSQL has no session left on the scratch database.
 */
async function untilDisconnected(url: string): Promise<void> {
  if (!url.startsWith('postgres')) return;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL_TEST });
  await admin.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    await until(async () => {
      const { rows } = await admin.query(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name],
      );
      return rows[0].n === 0;
    });
  } finally {
    await admin.end();
  }
}

describe.each(dialects)('job queue on %s', (dialect) => {
  let scratch: ScratchDatabase;
  const databases: Database[] = [];
  const queues: JobQueue[] = [];
  const children: ChildProcess[] = [];

  /** A queue on a connection of its own, as another worker process would have. */
  async function openQueue(): Promise<{ db: Database['db']; queue: JobQueue }> {
    const database = openDatabase(scratch.url);
    databases.push(database);
    const queue = createJobQueue(database, timing);
    queues.push(queue);
    await queue.prepare();
    return { db: database.db, queue };
  }

  beforeEach(async () => {
    scratch = await createScratchDatabase(dialect);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    await Promise.all(databases.splice(0).map((database) => database.close()));
    await untilDisconnected(scratch.url);
    await scratch.drop();
  });

  it('hands each of 1,000 jobs to exactly one of 4 concurrent workers', async () => {
    const { db, queue } = await openQueue();
    const handled: number[] = [];
    const perWorker = [0, 0, 0, 0];
    const workers = await Promise.all(perWorker.map(() => openQueue()));

    await db.transaction().execute(async (trx) => {
      for (let n = 0; n < 500; n++) await queue.enqueue(trx, 'count', { n });
    });
    await Promise.all(
      workers.map(({ queue: worker }, w) =>
        worker.start(
          {
            count: async (payload) => {
              handled.push((payload as { n: number }).n);
              perWorker[w]! += 1;
            },
          },
          { concurrency: 2 },
        ),
      ),
    );
    // The second half arrives while the workers are draining the first.
    for (let n = 500; n < 1000; n++) await queue.enqueue(db, 'count', { n });

    // Once nothing is waiting or running, no run can start any more: the record is final.
    await until(async () => handled.length >= 1000 && (await queue.stats()).running === 0, 40_000);
    expect(await queue.stats()).toEqual(idle);
    expect(handled.length).toBe(1000);
    expect(handled.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, n) => n));
    expect(perWorker.filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  /** A worker in a child process that takes a `hang` job and holds it (see support/hanging-worker.ts). */
  function startHangingWorker(): { child: ChildProcess; printed: (text: string) => boolean } {
    const child = spawn(process.execPath, ['--import', 'tsx', hangingWorker, scratch.url, String(leaseMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    return { child, printed: (text) => output.includes(text) };
  }

  it('runs the job of a killed worker again once its lease expired, and not before', async () => {
    const { db, queue } = await openQueue();
    await queue.enqueue(db, 'hang', { n: 1 });
    const { child, printed } = startHangingWorker();
    await until(() => printed('started attempt 1'), 20_000);

    const rescuer = (await openQueue()).queue;
    const attempts: number[] = [];
    await rescuer.start(
      { hang: async (_payload, job) => void attempts.push(job.attempt) },
      { concurrency: 1 },
    );
    // The child renews its lease: for several lease periods, the job is not handed out again.
    const since = Date.now();
    await until(() => Date.now() - since > 3 * leaseMs);
    expect(attempts).toEqual([]);
    expect((await queue.stats()).running).toBe(1);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await until(() => attempts.length > 0, 10_000);
    expect(attempts).toEqual([2]);
    await until(async () => (await queue.stats()).running === 0);
    expect(await queue.stats()).toEqual(idle);
  });

  it('ignores the completion of a worker that lost its lease while another worker runs the job', async () => {
    const { db, queue } = await openQueue();
    await queue.enqueue(db, 'hang', { n: 1 });
    const stale = startHangingWorker();
    await until(() => stale.printed('started attempt 1'), 20_000);

    const rescuer = (await openQueue()).queue;
    const attempts: number[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    await rescuer.start(
      {
        hang: async (_payload, job) => {
          attempts.push(job.attempt);
          await finished;
        },
      },
      { concurrency: 1 },
    );
    // Frozen, the stale worker stops renewing its lease and the job passes to the rescuer.
    stale.child.kill('SIGSTOP');
    await until(() => attempts.length > 0, 10_000);
    expect(attempts).toEqual([2]);

    // Thawed, it finishes its run and stops: its completion must not remove the rescuer's job.
    stale.child.kill('SIGUSR2');
    stale.child.kill('SIGCONT');
    await until(() => stale.printed('stopped'), 10_000);
    expect(stale.printed('outlived its lease')).toBe(true);
    expect(await queue.stats()).toEqual({ ...idle, running: 1 });

    finish();
    await until(async () => (await queue.stats()).running === 0);
    expect(await queue.stats()).toEqual(idle);
    expect(attempts).toEqual([2]);
  });

  it('keeps one job per key while it waits or runs, and frees the key when it completed', async () => {
    const { db, queue } = await openQueue();
    await queue.enqueue(db, 'once', { n: 1 }, { key: 'daily-summary:2026-01-01' });
    await queue.enqueue(db, 'once', { n: 2 }, { key: 'daily-summary:2026-01-01' });
    expect(await queue.stats()).toEqual({ ...idle, waiting: 1 });

    const runs: unknown[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    await queue.start({
      once: async (payload) => {
        runs.push(payload);
        await finished;
      },
    });
    await until(async () => (await queue.stats()).running === 1);
    await queue.enqueue(db, 'once', { n: 3 }, { key: 'daily-summary:2026-01-01' });
    expect(await queue.stats()).toEqual({ ...idle, running: 1 });

    finish();
    await until(async () => (await queue.stats()).running === 0);
    expect(runs).toEqual([{ n: 1 }]);
    expect(await queue.stats()).toEqual(idle);

    await queue.enqueue(db, 'once', { n: 4 }, { key: 'daily-summary:2026-01-01' });
    await until(() => runs.length === 2);
    expect(runs).toEqual([{ n: 1 }, { n: 4 }]);
  });

  it('enqueues with the caller transaction: a rollback leaves no job, a commit leaves one', async () => {
    const { db, queue } = await openQueue();
    await sql`create table probe (id text primary key)`.execute(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into probe (id) values ('a')`.execute(trx);
        await queue.enqueue(trx, 'notify', { id: 'a' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await queue.stats()).toEqual(idle);

    await db.transaction().execute(async (trx) => {
      await sql`insert into probe (id) values ('b')`.execute(trx);
      await queue.enqueue(trx, 'notify', { id: 'b' });
    });
    expect(await queue.stats()).toEqual({ ...idle, waiting: 1 });
  });

  it('retries a failing job with growing delays, then keeps it dead with its last error', async () => {
    const { db, queue } = await openQueue();
    await queue.enqueue(db, 'flaky', { order: 7 }, { maxAttempts: 3, key: 'order:7' });
    const runs: { at: number; job: JobContext }[] = [];
    await queue.start({
      flaky: async (_payload, job) => {
        runs.push({ at: Date.now(), job });
        throw new Error(`ERP unreachable (attempt ${job.attempt})`);
      },
    });

    await until(async () => (await queue.stats()).dead === 1);
    expect(runs.map((run) => [run.job.attempt, run.job.maxAttempts])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // Delays are base × 2^(attempt − 1) with ±25 % jitter: at least 37.5 ms, then at least 75 ms.
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(0.75 * backoff.baseMs);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(0.75 * 2 * backoff.baseMs);
    const [dead] = await queue.deadJobs();
    expect(dead).toEqual({
      id: runs[0]!.job.id,
      kind: 'flaky',
      payload: { order: 7 },
      attempts: 3,
      lastError: 'ERP unreachable (attempt 3)',
    });

    // A dead job keeps its key: the same work is not enqueued again behind the operator's back.
    await queue.enqueue(db, 'flaky', { order: 7 }, { key: 'order:7' });
    expect(await queue.stats()).toEqual({ ...idle, dead: 1 });
    expect(runs).toHaveLength(3);
  });

  it('releases 200 jobs that fail at once for their retries, over a few connections', async () => {
    const { db, queue } = await openQueue();
    for (let n = 0; n < 200; n++) await queue.enqueue(db, 'outage', { n }, { maxAttempts: 2 });
    const runs = new Map<number, number[]>();
    let failing = 0;
    await queue.start(
      {
        outage: async (payload, job) => {
          const { n } = payload as { n: number };
          runs.set(n, [...(runs.get(n) ?? []), job.attempt]);
          if (job.attempt === 1) {
            failing++;
            throw new Error(`ERP unreachable (${n})`);
          }
        },
      },
      { concurrency: 128 },
    );
    // The connections the queue holds while the jobs fail: one statement releases the failures of a
    // moment together, where one connection per failing run would take 128.
    let connections = 0;
    const name = new URL(scratch.url).pathname.slice(1);
    while (failing < 200) {
      if (dialect === 'postgres') {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(db);
        connections = Math.max(connections, rows[0]!.n);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(async () => JSON.stringify(await queue.stats()) === JSON.stringify(idle));
    expect([...runs.values()].filter((attempts) => attempts.join() !== '1,2')).toEqual([]);
    expect(runs.size).toBe(200);
    expect(connections).toBeLessThanOrEqual(24);
  });

  it('gives a group with hanging jobs at most its share of the slots, and others a slot at once', async () => {
    const { db, queue } = await openQueue();
    for (let n = 0; n < 8; n++) await queue.enqueue(db, 'hang', { n }, { group: 'slow-erp' });
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const attempts: number[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const counted =
      (name: string, run: (job: JobContext) => Promise<void>) =>
      async (_payload: unknown, job: JobContext) => {
        running.set(name, (running.get(name) ?? 0) + 1);
        most.set(name, Math.max(most.get(name) ?? 0, running.get(name)!));
        try {
          await run(job);
        } finally {
          running.set(name, running.get(name)! - 1);
        }
      };
    // 4 slots: a lone group gets 2 (fairShare), and 2 stay free for the others.
    await queue.start(
      {
        hang: counted('slow-erp', (job) => {
          attempts.push(job.attempt);
          return released;
        }),
        quick: counted('quick', async () => {}),
        ungrouped: counted('ungrouped', () => released),
      },
      { concurrency: 4 },
    );
    await until(() => running.get('slow-erp') === 2);

    const since = Date.now();
    await queue.enqueue(db, 'quick', {}, { group: 'other-company' });
    await until(() => most.get('quick') === 1, 5_000);
    const quickAfterMs = Date.now() - since;
    // Jobs without a group take the slots the hanging group leaves.
    await queue.enqueue(db, 'ungrouped', { n: 1 });
    await queue.enqueue(db, 'ungrouped', { n: 2 });
    await until(() => running.get('ungrouped') === 2, 5_000);
    await until(() => Date.now() - since > 5 * timing.pollIntervalMs!);
    expect(most.get('slow-erp')).toBe(2);
    expect(quickAfterMs).toBeLessThan(2_000);

    // The jobs a worker took beyond the share and put back were not tried: each runs once, as attempt 1.
    release();
    await until(async () => JSON.stringify(await queue.stats()) === JSON.stringify(idle), 20_000);
    expect(attempts).toEqual(Array.from({ length: 8 }, () => 1));
    expect(most.get('slow-erp')).toBe(2);
  });

  it('splits the slots evenly between groups whose jobs all hang', async () => {
    const { db, queue } = await openQueue();
    for (const group of ['first', 'second'])
      for (let n = 0; n < 6; n++) await queue.enqueue(db, 'hang', { group }, { group });
    const running = new Map<string, number>();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await queue.start(
      {
        hang: async (payload) => {
          const { group } = payload as { group: string };
          running.set(group, (running.get(group) ?? 0) + 1);
          await released;
        },
      },
      { concurrency: 6 },
    );
    await until(() => running.get('first') === 3 && running.get('second') === 3, 5_000);
    const since = Date.now();
    await until(() => Date.now() - since > 5 * timing.pollIntervalMs!);
    expect(Object.fromEntries(running)).toEqual({ first: 3, second: 3 });
    release();
    await until(async () => JSON.stringify(await queue.stats()) === JSON.stringify(idle), 20_000);
  });

  it('runs 128 slots over 50 busy groups on a bounded number of connections', async () => {
    const { db, queue } = await openQueue();
    const groups = Array.from({ length: 50 }, (_, g) => `company-${g}`);
    for (const group of groups)
      for (let n = 0; n < 4; n++) await queue.enqueue(db, 'hang', { group, n }, { group });
    const running = new Map<string, number>();
    const runs: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await queue.start(
      {
        hang: async (payload) => {
          const { group, n } = payload as { group: string; n: number };
          runs.push(`${group}/${n}`);
          running.set(group, (running.get(group) ?? 0) + 1);
          await released;
          running.set(group, running.get(group)! - 1);
        },
      },
      { concurrency: 128 },
    );
    // Every slot fetches while the groups fill their shares (128 / 50 = 2 each): the connections must
    // not follow the slots, or one worker alone exceeds PostgreSQL's default max_connections of 100.
    let connections = 0;
    const name = new URL(scratch.url).pathname.slice(1);
    const busy = () => [...running.values()].reduce((sum, n) => sum + n, 0);
    while (busy() < 100) {
      if (dialect === 'postgres') {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(db);
        connections = Math.max(connections, rows[0]!.n);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    release();
    await until(async () => JSON.stringify(await queue.stats()) === JSON.stringify(idle), 20_000);
    expect(runs.length).toBe(200);
    expect(new Set(runs).size).toBe(200);
    // The database's pool (10) and graphile-worker's few.
    expect(connections).toBeLessThanOrEqual(15);
  });

  it('stops gracefully: aborts the running job, waits for it and takes no new job', async () => {
    const { db, queue } = await openQueue();
    await queue.enqueue(db, 'export', { n: 1 });
    let signal: AbortSignal | undefined;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let completed = false;
    // One slot: when the running job ends during the stop, the freed slot must not take the next job.
    await queue.start(
      {
        export: async (_payload, job) => {
          signal = job.signal;
          await finished;
          completed = true;
        },
      },
      { concurrency: 1 },
    );
    await until(() => signal);

    let stopped = false;
    const stopping = queue.stop().then(() => {
      stopped = true;
    });
    await until(() => signal!.aborted);
    await queue.enqueue(db, 'export', { n: 2 });
    expect(stopped).toBe(false);

    finish();
    await stopping;
    expect(completed).toBe(true);
    // The first job completed (deleted), the second was never taken.
    expect(await queue.stats()).toEqual({ ...idle, waiting: 1 });
  });

  it('stops within a deadline: lets a quick job finish, then releases the hanging one to another worker', async () => {
    const { db, queue } = await openQueue();
    await queue.enqueue(db, 'quick', { n: 1 });
    await queue.enqueue(db, 'hang', { n: 2 });
    let finishQuick!: () => void;
    const quickMayFinish = new Promise<void>((resolve) => {
      finishQuick = resolve;
    });
    const started: string[] = [];
    let hangSignal: AbortSignal | undefined;
    let quickDone = false;
    await queue.start({
      quick: async (_payload, job) => {
        started.push(`quick ${job.attempt}`);
        await quickMayFinish;
        // Not aborted: a job that ends within the deadline runs as if nothing stopped.
        expect(job.signal.aborted).toBe(false);
        quickDone = true;
      },
      hang: async (_payload, job) => {
        started.push(`hang ${job.attempt}`);
        hangSignal = job.signal;
        await new Promise(() => {}); // ignores its signal, as a stuck ERP call would
      },
    });
    await until(() => started.length === 2);

    const began = Date.now();
    const stopping = queue.stop({ deadlineMs: 600 });
    await queue.enqueue(db, 'quick', { n: 3 }); // enqueued during the stop: never taken by this worker
    finishQuick();
    await stopping;
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(3_000);
    expect(quickDone).toBe(true);
    expect(hangSignal!.aborted).toBe(true);
    expect(started.sort()).toEqual(['hang 1', 'quick 1']);
    // The hanging job is free at once (no lease to wait out), its cut-short run not counted.
    expect(await queue.stats()).toEqual({ ...idle, waiting: 2 });

    const other = await openQueue();
    const reran: string[] = [];
    await other.queue.start({
      quick: async (_payload, job) => void reran.push(`quick ${job.attempt}`),
      hang: async (_payload, job) => void reran.push(`hang ${job.attempt}`),
    });
    await until(() => reran.length === 2, 5_000);
    expect(reran.sort()).toEqual(['hang 1', 'quick 1']);
    await until(async () => JSON.stringify(await other.queue.stats()) === JSON.stringify(idle));
  });
});
