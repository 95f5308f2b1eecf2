import { EventEmitter } from 'node:events';
import DataLoader from 'dataloader';
import {
  type JobHelpers,
  Logger,
  type Runner,
  run,
  runMigrations,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { fromJson, toJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { errorMessage } from '../domain/error-message.ts';
import {
  type DeadJob,
  defaultConcurrency,
  defaultMaxAttempts,
  type EnqueueOptions,
  fairShare,
  type JobHandler,
  type JobQueue,
  type PendingJob,
  type QueueOptions,
  type QueueStats,
  type StopOptions,
  settlesWithin,
  toDeadJob,
  type WorkerOptions,
  withDefaults,
} from './queue.ts';
import { retryDelayMs } from './retry.ts';

/**
 * graphile-worker's connections. Ours, so that stopping can await their closing (graphile-worker
 * does not await ending a pool it opened); not `createPool`, whose type parsers (JSON as text, int8
 * as number) are not what graphile-worker expects.
 */
function graphilePool(url: string, max: number, onError: (error: unknown) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // A connection lost while idle (or between queries) must not become an unhandled 'error' event.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/**
 * graphile-worker's pool size, whatever the worker's concurrency: it holds one connection to listen for new
 * jobs and borrows the others only to fetch and complete jobs (waiting, when all are out, like any
 * pg.Pool). Jobs themselves run on the database's own pool. Sized to the slots, 128 slots would open 130
 * connections at once on a busy queue, more than PostgreSQL's default `max_connections` of 100.
 */
const graphileConnections = 4;

/** `Pool#end` resolves before its connections are closed; a connection is closed when it is removed. */
async function closePool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (++removed === open) resolve();
    });
  });
  await pool.end();
  await closed;
}

// graphile-worker's public `jobs` view has no payload, so reads go to its tables like its own queries.

/**
 * graphile-worker completes a job by deleting it by id alone, which was safe while nothing took a
 * lock away from a live worker. With leases, a run that outlived its lease must not delete the job
 * another worker now runs: the runs delete their jobs themselves, only while no other worker holds them,
 * and graphile-worker's own delete then finds nothing. Runs that end together share one statement.
 * Each job answers false when it belongs to another worker now.
 */
function createJobCompleter(pool: pg.Pool): DataLoader<{ id: string; lockedBy: string | null }, boolean> {
  return new DataLoader(
    async (jobs) => {
      const { rows } = await pool.query<{ id: string }>(
        `delete from graphile_worker._private_jobs as jobs
          using unnest($1::bigint[], $2::text[]) as done(id, locked_by)
          where jobs.id = done.id and (jobs.locked_by = done.locked_by or jobs.locked_by is null)
         returning jobs.id::text`,
        [jobs.map((job) => job.id), jobs.map((job) => job.lockedBy)],
      );
      const deleted = new Set(rows.map((row) => row.id));
      return jobs.map((job) => deleted.has(job.id));
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );
}

/**
 * Releases jobs for a retry after our delay (see PostgresJobQueue), while we hold them; graphile-
 * worker's own failure update, which also requires `locked_by` to be the pool, then finds nothing.
 * Runs that fail together share one statement: an ERP outage fails every running export at once, and
 * one connection each could exhaust the server's.
 */
function createJobReleaser(
  pool: pg.Pool,
): DataLoader<{ job: JobHelpers['job']; error: string; delayMs: number }, void> {
  return new DataLoader(
    async (failures) => {
      await pool.query(
        `update graphile_worker._private_jobs as jobs
            set last_error = failed.error, run_at = now() + failed.delay_ms * interval '1 millisecond',
                locked_by = null, locked_at = null, updated_at = now()
           from unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) as failed(id, locked_by, error, delay_ms)
          where jobs.id = failed.id and jobs.locked_by = failed.locked_by`,
        [
          failures.map(({ job }) => job.id),
          failures.map(({ job }) => job.locked_by),
          failures.map(({ error }) => error),
          failures.map(({ delayMs }) => delayMs),
        ],
      );
      return failures.map(() => undefined);
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );
}

/**
 * Puts back jobs a slot took beyond their group's share (see FairShares), as if never taken: the attempt
 * counted by the fetch is undone and the job keeps its place in line. It goes back as a copy under a new
 * id, so the run may end as a success: graphile-worker's completion, which deletes by id alone, then finds
 * nothing, while its failure update would race a fetch that took the job again. Jobs taken together in a
 * burst go back in one statement.
 */
function createJobReturner(pool: pg.Pool): DataLoader<JobHelpers['job'], void> {
  return new DataLoader(
    async (jobs) => {
      await pool.query(
        `with taken as (
           delete from graphile_worker._private_jobs as jobs
            using unnest($1::bigint[], $2::text[]) as taken(id, locked_by)
            where jobs.id = taken.id and jobs.locked_by = taken.locked_by
           returning jobs.*
         )
         insert into graphile_worker._private_jobs (job_queue_id, task_id, payload, priority, run_at, attempts,
                                                    max_attempts, last_error, created_at, key, revision, flags)
         select job_queue_id, task_id, payload, priority, run_at, greatest(0, attempts - 1),
                max_attempts, last_error, created_at, key, revision, flags
           from taken`,
        [jobs.map((job) => job.id), jobs.map((job) => job.locked_by)],
      );
      return jobs.map(() => undefined);
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );
}

/** A job's group travels as a graphile-worker flag, the one thing a fetch can be told to skip. */
const groupFlagPrefix = 'group:';

function groupOf(job: JobHelpers['job']): string | undefined {
  const flag = Object.keys(job.flags ?? {}).find((name) => name.startsWith(groupFlagPrefix));
  return flag?.slice(groupFlagPrefix.length);
}

/** The groups with jobs of these kinds due and free to take. */
async function readDueGroups(db: Kysely<DB>, kinds: string[]): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct substr(flag, ${groupFlagPrefix.length + 1}) as name
      from graphile_worker._private_jobs as jobs
      join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
     cross join jsonb_object_keys(jobs.flags) as flag
     where jobs.is_available and jobs.run_at <= now() and tasks.identifier = any(${kinds}::text[])
       and flag like ${`${groupFlagPrefix}%`}`.execute(db);
  return rows.map((row) => row.name);
}

function recordHeartbeat(db: Kysely<DB>, workerId: string) {
  return sql`insert into ledgergate_job_workers (worker_id, seen_at) values (${workerId}, now())
             on conflict (worker_id) do update set seen_at = excluded.seen_at`.execute(db);
}

/**
 * Frees the jobs of workers whose heartbeat is older than the lease, and forgets those workers. Also
 * frees a lock older than the lease whose worker has no heartbeat at all: one that died between
 * locking its first job and recording its first heartbeat.
 */
function unlockDeadWorkers(db: Kysely<DB>, leaseMs: number) {
  const expiry = sql`now() - ${leaseMs}::int * interval '1 millisecond'`;
  return sql`
    with expired as (
      delete from ledgergate_job_workers where seen_at < ${expiry} returning worker_id
    )
    select graphile_worker.force_unlock_workers(array(
      select worker_id from expired
      union
      select jobs.locked_by from graphile_worker._private_jobs as jobs
       where jobs.locked_at < ${expiry}
         and not exists (select 1 from ledgergate_job_workers as w where w.worker_id = jobs.locked_by)
    ))`.execute(db);
}

function forgetWorker(db: Kysely<DB>, workerId: string) {
  return sql`delete from ledgergate_job_workers where worker_id = ${workerId}`.execute(db);
}

/**
 * The job queue on PostgreSQL: graphile-worker, with two things added.
 *
 * Leases: graphile-worker frees the jobs of a crashed worker only after 4 hours. Each worker pool
 * here records a heartbeat every third of the lease, and every pool frees the jobs of pools whose
 * heartbeat is older than the lease (`force_unlock_workers`).
 *
 * Backoff: graphile-worker retries after exp(min(attempts, 10)) seconds (2.7 s … 6 h, no jitter). A
 * failing run here releases its own job with our capped, jittered delay before graphile-worker's
 * failure update runs, which then matches no row since it also requires `locked_by` to be the pool.
 *
 * Fair shares: each slot, before it fetches, forbids the groups at their share (`forbiddenFlags`); such a
 * fetch bypasses the local queue, and finds other groups' new jobs on its next poll. Slots fetching at the
 * same moment, and the local queue (which fetches for all slots and skips no flag), can still hand a group
 * more than its share: the runs beyond it put their jobs back untried (createJobReturner).
 */
export class PostgresJobQueue implements JobQueue {
  readonly #db: Kysely<DB>;
  readonly #url: string;
  readonly #settings: Required<QueueOptions>;
  readonly #logger: Logger;
  #worker:
    | {
        runner: Runner;
        pool: pg.Pool;
        poolId: string;
        abort: AbortController;
        heartbeat: Heartbeat;
        shares: FairShares;
      }
    | undefined;

  /** `db` serves enqueue, heartbeats and the queue's reads; graphile-worker connects to `url`. */
  constructor(db: Kysely<DB>, url: string, options: QueueOptions = {}) {
    this.#db = db;
    this.#url = url;
    this.#settings = withDefaults(options, 1_000);
    const { onError } = this.#settings;
    this.#logger = new Logger(() => (level, message, meta) => {
      // A failed run is recorded as the job's last_error; only the worker's own trouble is reported. Its
      // pool is smaller than the slots on purpose (graphileConnections), which it warns about at each start.
      if (message.startsWith('WARNING: having maxPoolSize')) return;
      if ((String(level) === 'error' || String(level) === 'warning') && !meta?.failure)
        onError(new Error(message));
    });
  }

  async prepare(): Promise<void> {
    const pool = graphilePool(this.#url, 2, this.#settings.onError);
    try {
      await runMigrations({ pgPool: pool, logger: this.#logger });
    } finally {
      await closePool(pool);
    }
    await this.#db.transaction().execute(async (trx) => {
      // Concurrent `create table if not exists` can still collide in PostgreSQL's catalog.
      await sql`select pg_advisory_xact_lock(hashtext('ledgergate_job_workers'))`.execute(trx);
      await sql`create table if not exists ledgergate_job_workers (
                  worker_id text primary key,
                  seen_at timestamptz not null
                )`.execute(trx);
    });
  }

  async enqueue(executor: Kysely<DB>, kind: string, payload: unknown, options: EnqueueOptions = {}) {
    // unsafe_dedupe: an existing job with the key, even running or permanently failed, is left as is.
    await sql`select graphile_worker.add_job(
                ${kind},
                payload => ${toJson(payload ?? null)}::json,
                run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
                max_attempts => ${options.maxAttempts ?? defaultMaxAttempts}::int,
                job_key => ${options.key ?? null}::text,
                flags => ${options.group === undefined ? null : [groupFlagPrefix + options.group]}::text[],
                job_key_mode => 'unsafe_dedupe'
              )`.execute(executor);
  }

  async start(handlers: Record<string, JobHandler>, options: WorkerOptions = {}): Promise<void> {
    if (this.#worker) throw new Error('this queue already runs a worker');
    const { leaseMs, pollIntervalMs, onError } = this.#settings;
    const concurrency = options.concurrency ?? defaultConcurrency;
    const abort = new AbortController();
    // The pool's id is what graphile-worker writes in locked_by; it is announced while run() builds
    // the pool, before the first job is locked.
    let heartbeat: Heartbeat | undefined;
    let poolId = '';
    const events = new EventEmitter() as WorkerEvents;
    events.on('pool:create', ({ workerPool }) => {
      poolId = workerPool.id;
      heartbeat = new Heartbeat(this.#db, poolId, leaseMs, onError);
    });
    const pool = graphilePool(this.#url, graphileConnections, onError);
    const shares = new FairShares(
      concurrency,
      () => readDueGroups(this.#db, Object.keys(handlers)),
      pollIntervalMs,
      onError,
    );
    const localQueueSize = concurrency * 4;
    const runner = await run({
      pgPool: pool,
      concurrency,
      forbiddenFlags: shares.forbidden,
      pollInterval: pollIntervalMs,
      noHandleSignals: true,
      logger: this.#logger,
      events,
      taskList: this.#tasks(handlers, abort.signal, pool, shares),
      parsedCronItems: [],
      preset: {
        worker: {
          // Batched completion and failure writes are flushed before the pool stops; unbatched ones are
          // fired and not awaited, so stop() could return before they are written. Completions are
          // gathered for a few ms: our runs have deleted their jobs already (createJobCompleter), so
          // graphile-worker's own delete finds nothing, and the fewer such statements the better.
          completeJobBatchDelay: 5,
          failJobBatchDelay: 0,
          // Jobs fetched several slots' worth at a time (unstarted ones go back when the pool stops, or
          // with the lease if the process dies): bench/export.ts, PostgreSQL CPU per export -15 % at 32
          // slots; at 128 slots one slots' worth gave 44 – 45 % of the simulator-bound rate against 50 – 54 %.
          // A slot skips the local queue while some group is at its share (it cannot tell the queue which
          // flags to skip), so the jobs of other groups held there go back to the database after `ttl`.
          localQueue: {
            size: localQueueSize,
            ttl: 1_000,
            // After a fetch that did not fill the local queue, the next waits 10 – 30 ms however many new jobs
            // are announced meanwhile (up to a few dozen): under a steady flow each fetch then takes the jobs
            // of that while, where it took one per announcement (bench/README.md, accepts).
            refetchDelay: {
              durationMs: Math.min(20, pollIntervalMs),
              threshold: localQueueSize - 1,
              maxAbortThreshold: 64,
            },
          },
        },
      },
    }).catch(async (error: unknown) => {
      await shares.settle();
      await closePool(pool);
      throw error;
    });
    if (!heartbeat) throw new Error('graphile-worker started no worker pool');
    const worker = { runner, pool, poolId, abort, heartbeat, shares };
    this.#worker = worker;
    // graphile-worker's pool shuts itself down when it cannot record completions, or when a newer
    // graphile-worker migrated its schema; the runner then settles without anyone having asked.
    const stoppedOnItsOwn = (reason: unknown) => {
      if (this.#worker === worker)
        options.onFailure?.(new Error('graphile-worker stopped on its own', { cause: reason }));
    };
    runner.promise.then(() => stoppedOnItsOwn(undefined), stoppedOnItsOwn);
  }

  async stop({ deadlineMs }: StopOptions = {}): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    if (deadlineMs === undefined) worker.abort.abort();
    try {
      // Takes no new job at once and waits for the running ones (graphile-worker's graceful shutdown).
      const stopped = worker.runner.stop();
      if (deadlineMs === undefined || (await settlesWithin(stopped, deadlineMs))) await stopped;
      else {
        worker.abort.abort();
        await releaseJobs(this.#db, worker.poolId);
        // The graceful shutdown then fails, being overtaken; the forceful one finds nothing of ours to fail.
        stopped.catch(() => {});
        await worker.runner.kill('the stop deadline passed').catch(this.#settings.onError);
      }
    } finally {
      await worker.heartbeat.stop();
      await worker.shares.settle();
      await closePool(worker.pool);
    }
  }

  async stats(): Promise<QueueStats> {
    const { rows } = await sql<QueueStats>`
      select count(*) filter (where locked_at is null and attempts < max_attempts) as waiting,
             count(*) filter (where locked_at is not null) as running,
             count(*) filter (where locked_at is null and attempts >= max_attempts) as dead
        from graphile_worker._private_jobs`.execute(this.#db);
    return rows[0]!;
  }

  async pendingJobs(): Promise<PendingJob[]> {
    const { rows } = await sql<{
      kind: string;
      payload: string;
      run_at: string;
      max_attempts: number;
      key: string | null;
      flags: string | null;
    }>`select tasks.identifier as kind, jobs.payload, jobs.run_at, jobs.max_attempts, jobs.key, jobs.flags
         from graphile_worker._private_jobs as jobs
         join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
        where jobs.attempts < jobs.max_attempts
        order by jobs.id`.execute(this.#db);
    return rows.map((row) => {
      const group = Object.keys(fromJson<Record<string, unknown>>(row.flags ?? '{}')).find((flag) =>
        flag.startsWith(groupFlagPrefix),
      );
      return {
        kind: row.kind,
        payload: fromJson(row.payload),
        runAt: new Date(row.run_at),
        maxAttempts: row.max_attempts,
        ...(row.key !== null && { key: row.key }),
        ...(group !== undefined && { group: group.slice(groupFlagPrefix.length) }),
      };
    });
  }

  async deadJobs(limit = 100): Promise<DeadJob[]> {
    const { rows } = await sql<{
      id: number;
      kind: string;
      payload: string;
      attempts: number;
      last_error: string | null;
    }>`select jobs.id, tasks.identifier as kind, jobs.payload, jobs.attempts, jobs.last_error
         from graphile_worker._private_jobs as jobs
         join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
        where jobs.locked_at is null and jobs.attempts >= jobs.max_attempts
        order by jobs.id
        limit ${limit}`.execute(this.#db);
    return rows.map(toDeadJob);
  }

  #tasks(
    handlers: Record<string, JobHandler>,
    signal: AbortSignal,
    pool: pg.Pool,
    shares: FairShares,
  ): TaskList {
    const { backoff, onError } = this.#settings;
    const completer = createJobCompleter(pool);
    const releaser = createJobReleaser(pool);
    const returner = createJobReturner(pool);
    const tasks: TaskList = {};
    for (const [kind, handler] of Object.entries(handlers)) {
      tasks[kind] = async (payload, helpers) => {
        const { job } = helpers;
        const group = groupOf(job);
        if (group !== undefined && !shares.take(group)) {
          // Ends as a success: graphile-worker's completion deletes the taken id, which the return removed.
          await returner.load(job);
          return;
        }
        try {
          try {
            await handler(payload, {
              id: job.id,
              kind,
              attempt: job.attempts,
              maxAttempts: job.max_attempts,
              signal,
            });
          } catch (error) {
            await releaser.load({
              job,
              error: errorMessage(error),
              delayMs: retryDelayMs(job.attempts, backoff),
            });
            throw error;
          }
          if (!(await completer.load({ id: job.id, lockedBy: job.locked_by }))) {
            // Thrown so graphile-worker takes its failure path, whose update requires our lock: a no-op.
            const error = new Error(`job ${job.id} (${kind}) outlived its lease; another worker runs it now`);
            onError(error);
            throw error;
          }
        } finally {
          if (group !== undefined) shares.leave(group);
        }
      };
    }
    return tasks;
  }
}

/**
 * The fair shares of one worker pool (see fairShare): the jobs each group runs in it, and the groups with
 * jobs due in the database, read again at most once per poll interval and never waited for by a fetch.
 */
class FairShares {
  readonly #concurrency: number;
  readonly #readDue: () => Promise<string[]>;
  readonly #readEveryMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #running = new Map<string, number>();
  #due = new Set<string>();
  #readAt = 0;
  #reading: Promise<void> | undefined;

  constructor(
    concurrency: number,
    readDue: () => Promise<string[]>,
    readEveryMs: number,
    onError: (error: unknown) => void,
  ) {
    this.#concurrency = concurrency;
    this.#readDue = readDue;
    this.#readEveryMs = readEveryMs;
    this.#onError = onError;
  }

  /** graphile-worker's `forbiddenFlags`: the groups at their share; null lets the slot use the local queue. */
  readonly forbidden = (): string[] | null => {
    this.#read();
    const share = this.#share();
    const full = [...this.#running].filter(([, running]) => running >= share);
    return full.length > 0 ? full.map(([group]) => groupFlagPrefix + group) : null;
  };

  /** Counts a run of the group's job; false, counting nothing, when the group holds its share already. */
  take(group: string): boolean {
    const running = this.#running.get(group) ?? 0;
    if (running >= this.#share(group)) return false;
    this.#running.set(group, running + 1);
    return true;
  }

  leave(group: string): void {
    const running = this.#running.get(group)! - 1;
    if (running === 0) this.#running.delete(group);
    else this.#running.set(group, running);
  }

  /** Waits for a read in flight, before the database closes. */
  async settle(): Promise<void> {
    await this.#reading;
  }

  #share(taking?: string): number {
    const groups = new Set([...this.#due, ...this.#running.keys()]);
    if (taking !== undefined) groups.add(taking);
    return fairShare(this.#concurrency, groups.size);
  }

  #read(): void {
    if (this.#reading || Date.now() - this.#readAt < this.#readEveryMs) return;
    this.#readAt = Date.now();
    this.#reading = this.#readDue()
      .then((groups) => {
        this.#due = new Set(groups);
      }, this.#onError)
      .finally(() => {
        this.#reading = undefined;
      });
  }
}

/**
 * Gives back the jobs a stopping worker pool still runs, for any worker to take at once: the run cut short
 * by the stop is not counted as an attempt.
 */
async function releaseJobs(db: Kysely<DB>, poolId: string): Promise<void> {
  await sql`update graphile_worker._private_jobs
               set locked_at = null, locked_by = null, attempts = greatest(attempts - 1, 0), updated_at = now()
             where locked_by = ${poolId}`.execute(db);
}

/** A worker pool's liveness record; each beat also frees the jobs of pools that stopped beating. */
class Heartbeat {
  readonly #db: Kysely<DB>;
  readonly #workerId: string;
  readonly #leaseMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #beats: Promise<void>;

  constructor(db: Kysely<DB>, workerId: string, leaseMs: number, onError: (error: unknown) => void) {
    this.#db = db;
    this.#workerId = workerId;
    this.#leaseMs = leaseMs;
    this.#onError = onError;
    this.#beats = this.#beat();
    // Chained, so a slow beat never overlaps the next and stop() can wait for the last one.
    this.#timer = setInterval(() => {
      this.#beats = this.#beats.then(() => this.#beat());
    }, leaseMs / 3);
  }

  async #beat(): Promise<void> {
    try {
      await recordHeartbeat(this.#db, this.#workerId);
      await unlockDeadWorkers(this.#db, this.#leaseMs);
    } catch (error) {
      this.#onError(error);
    }
  }

  /** After the pool stopped: it holds no lock any more. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#beats;
    await forgetWorker(this.#db, this.#workerId);
  }
}
