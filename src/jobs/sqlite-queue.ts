import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type ExpressionBuilder, type Generated, type Kysely, type Selectable, sql } from 'kysely';
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

/** Our own table, created by `prepare()` rather than by the shared migrations (PostgreSQL has none). */
interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON text. */
  payload: string;
  /** Unique while the job exists; completed jobs are deleted, which frees the key. */
  key: string | null;
  run_at: string;
  /** Counted when a run starts, so a run cut short by a dead worker counts too. */
  attempts: Generated<number>;
  max_attempts: number;
  locked_by: string | null;
  /** The lease: the job is reserved to `locked_by` until then, and renewed while it runs. */
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  /** See EnqueueOptions.group; added to older tables by `prepare()`. */
  job_group: string | null;
}

// A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type.
type QueueTables = {
  ledgergate_jobs: JobsTable;
};
type QueueDb = Kysely<DB & QueueTables>;
type JobRow = Selectable<JobsTable>;
type JobsExpression = ExpressionBuilder<QueueTables, 'ledgergate_jobs'>;

// Instants are ISO-8601 UTC strings (as everywhere in our schema); same-format strings sort by time.
const at = (ms: number): string => new Date(ms).toISOString();

/** Nobody holds the job: never claimed, released after a failure, or its worker stopped renewing. */
const unleased = (eb: JobsExpression, now: string) =>
  eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]);
const isDead = (eb: JobsExpression, now: string) =>
  eb.and([eb('attempts', '>=', eb.ref('max_attempts')), unleased(eb, now)]);

const isDue = (eb: JobsExpression, kinds: string[], now: string) =>
  eb.and([
    eb('kind', 'in', kinds),
    eb('run_at', '<=', now),
    eb('attempts', '<', eb.ref('max_attempts')),
    unleased(eb, now),
  ]);

// One function per SQL operation of the worker; each is a single statement, hence atomic.

/**
 * The groups with jobs of these kinds due and free to take, by their oldest such job. A skip scan of the
 * group index: a step per group, however many jobs wait.
 */
async function readDueGroups(db: QueueDb, kinds: string[]): Promise<string[]> {
  const now = at(Date.now());
  const { rows } = await sql<{ name: string }>`
    with recursive groups(name) as (
      select min(job_group) from ledgergate_jobs where job_group is not null and attempts < max_attempts
      union all
      select (select min(job_group) from ledgergate_jobs
               where job_group > groups.name and attempts < max_attempts)
        from groups where groups.name is not null
    )
    select name from (
      select name, (select run_at from ledgergate_jobs
                     where job_group = groups.name and kind in (${sql.join(kinds)}) and run_at <= ${now}
                       and attempts < max_attempts and (locked_until is null or locked_until <= ${now})
                     order by run_at limit 1) as oldest
        from groups where name is not null
    ) where oldest is not null order by oldest`.execute(db);
  return rows.map((row) => row.name);
}

/**
 * Reserves up to `limit` due jobs, oldest first: any without a group, and of each group in `allowed` at
 * most as many as it allows. Each group's jobs are read from its own index range, so a long backlog of
 * one group costs the claim nothing. A write statement takes SQLite's write lock before it reads.
 */
function claimJobs(
  db: QueueDb,
  workerId: string,
  kinds: string[],
  limit: number,
  allowed: Map<string, number>,
  leaseMs: number,
) {
  const now = Date.now();
  // SQLite orders and limits a compound's parts only in subqueries.
  const oldest = (group: string | null, count: number) =>
    db
      .selectFrom((qb) =>
        qb
          .selectFrom('ledgergate_jobs')
          .select(['id', 'run_at'])
          .where('job_group', group === null ? 'is' : '=', group)
          .where((eb) => isDue(eb, kinds, at(now)))
          .orderBy('run_at')
          .orderBy('id')
          .limit(count)
          .as('part'),
      )
      .select(['id', 'run_at']);
  const candidates = [...allowed].reduce(
    (union, [group, count]) => union.unionAll(oldest(group, count)),
    oldest(null, limit),
  );
  return db
    .updateTable('ledgergate_jobs')
    .set((eb) => ({ locked_by: workerId, locked_until: at(now + leaseMs), attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb.selectFrom(candidates.as('candidate')).select('id').orderBy('run_at').orderBy('id').limit(limit),
    )
    .returningAll()
    .execute();
}

function renewLeases(db: QueueDb, workerId: string, leaseMs: number) {
  return db
    .updateTable('ledgergate_jobs')
    .set({ locked_until: at(Date.now() + leaseMs) })
    .where('locked_by', '=', workerId)
    .execute();
}

/**
 * Deletes completed jobs, only while we still hold them: a worker that lost its lease must not touch a
 * job's new run. Answers the ids deleted.
 */
async function completeJobs(db: QueueDb, jobs: JobRow[], workerId: string): Promise<Set<number>> {
  if (jobs.length === 0) return new Set();
  const deleted = await db
    .deleteFrom('ledgergate_jobs')
    .where(
      'id',
      'in',
      jobs.map((job) => job.id),
    )
    .where('locked_by', '=', workerId)
    .returning('id')
    .execute();
  return new Set(deleted.map((row) => row.id));
}

/** Releases the job for a retry after `delayMs`; once attempts reach max_attempts it stays, dead. */
function failJob(db: QueueDb, job: JobRow, workerId: string, error: string, delayMs: number) {
  return db
    .updateTable('ledgergate_jobs')
    .set({ last_error: error, run_at: at(Date.now() + delayMs), locked_by: null, locked_until: null })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}

/**
 * Gives back the jobs a stopping worker still runs, for any worker to claim at once: the run cut short by
 * the stop is not counted as an attempt.
 */
function releaseJobs(db: QueueDb, workerId: string) {
  return db
    .updateTable('ledgergate_jobs')
    .set((eb) => ({ locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1) }))
    .where('locked_by', '=', workerId)
    .execute();
}

/**
 * The job queue on SQLite: a table of our own, claimed with leases that a running worker renews.
 *
 * Within one process, give the worker and the code that enqueues the same `Database`: better-sqlite3
 * waits for a lock synchronously, so a second connection of the same process that needs the write
 * lock while a transaction is open would block the event loop that transaction needs to finish.
 */
export class SqliteJobQueue implements JobQueue {
  readonly #db: QueueDb;
  readonly #settings: Required<QueueOptions>;
  #worker: SqliteWorker | undefined;

  constructor(db: Kysely<DB>, options: QueueOptions = {}) {
    this.#db = db.withTables<QueueTables>();
    this.#settings = withDefaults(options, 50);
  }

  async prepare(): Promise<void> {
    await this.#db.schema
      .createTable('ledgergate_jobs')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) // never reuse a deleted job's id
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.unique())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('job_group', 'text')
      .execute();
    await this.#addGroupColumn();
    // What a claim scans, per group (and without one) in claim order; dead jobs leave it.
    await this.#db.schema
      .createIndex('ledgergate_jobs_group_due')
      .ifNotExists()
      .on('ledgergate_jobs')
      .columns(['job_group', 'run_at'])
      .where(sql<boolean>`attempts < max_attempts`)
      .execute();
    // Its predecessor, on run_at alone, from before groups.
    await this.#db.schema.dropIndex('ledgergate_jobs_due').ifExists().execute();
    await this.#db.schema
      .createIndex('ledgergate_jobs_locked_by')
      .ifNotExists()
      .on('ledgergate_jobs')
      .column('locked_by')
      .where('locked_by', 'is not', null)
      .execute();
  }

  /** Tables created before groups existed get the column; a racing `prepare()` may have added it first. */
  async #addGroupColumn(): Promise<void> {
    const columns = await sql<{ name: string }>`pragma table_info(ledgergate_jobs)`.execute(this.#db);
    if (columns.rows.some((column) => column.name === 'job_group')) return;
    try {
      await this.#db.schema.alterTable('ledgergate_jobs').addColumn('job_group', 'text').execute();
    } catch (error) {
      if (!/duplicate column name/.test(errorMessage(error))) throw error;
    }
  }

  async enqueue(executor: Kysely<DB>, kind: string, payload: unknown, options: EnqueueOptions = {}) {
    const now = new Date().toISOString();
    await executor
      .withTables<QueueTables>()
      .insertInto('ledgergate_jobs')
      .values({
        kind,
        payload: toJson(payload ?? null),
        key: options.key ?? null,
        run_at: options.runAt?.toISOString() ?? now,
        max_attempts: options.maxAttempts ?? defaultMaxAttempts,
        created_at: now,
        job_group: options.group ?? null,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    // A claim waits for the connection until the caller's transaction ends, so it sees the job at once.
    this.#worker?.wake();
  }

  async start(handlers: Record<string, JobHandler>, options: WorkerOptions = {}): Promise<void> {
    if (this.#worker) throw new Error('this queue already runs a worker');
    this.#worker = new SqliteWorker(
      this.#db,
      handlers,
      options.concurrency ?? defaultConcurrency,
      this.#settings,
    );
  }

  async stop(options: StopOptions = {}): Promise<void> {
    await this.#worker?.stop(options);
    this.#worker = undefined;
  }

  async stats(): Promise<QueueStats> {
    const now = at(Date.now());
    return this.#db
      .selectFrom('ledgergate_jobs')
      .select((eb) => [
        eb.fn
          .countAll<number>()
          .filterWhere(eb.and([eb('attempts', '<', eb.ref('max_attempts')), unleased(eb, now)]))
          .as('waiting'),
        eb.fn.countAll<number>().filterWhere('locked_until', '>', now).as('running'),
        eb.fn.countAll<number>().filterWhere(isDead(eb, now)).as('dead'),
      ])
      .executeTakeFirstOrThrow();
  }

  async pendingJobs(): Promise<PendingJob[]> {
    const rows = await this.#db
      .selectFrom('ledgergate_jobs')
      .selectAll()
      .whereRef('attempts', '<', 'max_attempts')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      kind: row.kind,
      payload: fromJson(row.payload),
      runAt: new Date(row.run_at),
      maxAttempts: row.max_attempts,
      ...(row.key !== null && { key: row.key }),
      ...(row.job_group !== null && { group: row.job_group }),
    }));
  }

  async deadJobs(limit = 100): Promise<DeadJob[]> {
    const rows = await this.#db
      .selectFrom('ledgergate_jobs')
      .selectAll()
      .where((eb) => isDead(eb, at(Date.now())))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toDeadJob);
  }
}

/** A job whose run ended, waiting for the worker's next write: deleted if it succeeded, else released. */
interface Finished {
  job: JobRow;
  error?: unknown;
}

/**
 * Runs jobs with leases. Its writes are grouped: every finished run and every claim of new jobs since
 * the last write go in one transaction (a SQLite commit costs more than the statements it holds), made
 * once the event loop has handled the I/O at hand. Under load it claims only when a quarter of its
 * slots are free, so jobs are claimed in batches rather than one per finished run. A claim takes of each
 * job group no more than its fair share of the slots leaves (see fairShare), counting what it runs here.
 */
class SqliteWorker {
  readonly #id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #db: QueueDb;
  readonly #handlers: Record<string, JobHandler>;
  readonly #kinds: string[];
  readonly #concurrency: number;
  readonly #claimAtFree: number;
  readonly #settings: Required<QueueOptions>;
  readonly #running = new Set<Promise<void>>();
  /** The jobs running here per group, for the fair shares. */
  readonly #groups = new Map<string, number>();
  readonly #finished: Finished[] = [];
  readonly #abort = new AbortController();
  #stopping = false;
  readonly #poll: NodeJS.Timeout;
  readonly #heartbeat: NodeJS.Timeout;
  #writing: Promise<void> | undefined;
  #wokenWhileWriting = false;

  constructor(
    db: QueueDb,
    handlers: Record<string, JobHandler>,
    concurrency: number,
    settings: Required<QueueOptions>,
  ) {
    this.#db = db;
    this.#handlers = handlers;
    this.#kinds = Object.keys(handlers);
    this.#concurrency = concurrency;
    this.#claimAtFree = Math.max(1, Math.floor(concurrency / 4));
    this.#settings = settings;
    this.#poll = setInterval(() => this.wake(), settings.pollIntervalMs);
    this.#heartbeat = setInterval(
      () => renewLeases(db, this.#id, settings.leaseMs).catch(settings.onError),
      settings.leaseMs / 3,
    );
    this.wake();
  }

  /** Schedules a write: finished runs, and a claim if there is room (and the worker is not stopping). */
  wake(): void {
    if (this.#writing) {
      this.#wokenWhileWriting = true;
      return;
    }
    this.#writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#write())
      .catch(this.#settings.onError)
      .finally(() => {
        this.#writing = undefined;
        if (this.#wokenWhileWriting) this.wake();
      });
  }

  async #write(): Promise<void> {
    this.#wokenWhileWriting = false;
    const finished = this.#finished.splice(0);
    const free = this.#concurrency - this.#running.size;
    const claim = !this.#stopping && (free >= this.#claimAtFree || (free > 0 && this.#running.size === 0));
    if (finished.length === 0 && !claim) return;
    const { leaseMs, backoff, onError } = this.#settings;
    // Read before the transaction: there, a read ahead of the first write would fail to become a write once
    // another connection had written (SQLITE_BUSY_SNAPSHOT). A group that became due since waits a claim.
    const allowed = claim ? this.#allowed(await readDueGroups(this.#db, this.#kinds), free) : new Map();
    const { claimed, completed } = await this.#db
      .transaction()
      .execute(async (trx) => {
        for (const { job, error } of finished) {
          if (error !== undefined)
            await failJob(trx, job, this.#id, errorMessage(error), retryDelayMs(job.attempts, backoff));
        }
        const succeeded = finished.filter((f) => f.error === undefined).map((f) => f.job);
        return {
          completed: await completeJobs(trx, succeeded, this.#id),
          claimed: claim ? await claimJobs(trx, this.#id, this.#kinds, free, allowed, leaseMs) : [],
        };
      })
      .catch((error: unknown) => {
        this.#finished.unshift(...finished); // for the next write (the poll wakes it)
        throw error;
      });
    for (const { job, error } of finished) {
      if (error === undefined && !completed.has(job.id))
        onError(new Error(`job ${job.id} (${job.kind}) outlived its lease; another worker runs it now`));
    }
    for (const job of claimed) {
      const group = job.job_group;
      if (group !== null) this.#groups.set(group, (this.#groups.get(group) ?? 0) + 1);
      const run: Promise<void> = this.#run(job).finally(() => {
        this.#running.delete(run);
        if (group !== null) {
          const running = this.#groups.get(group)! - 1;
          if (running === 0) this.#groups.delete(group);
          else this.#groups.set(group, running);
        }
        this.wake();
      });
      this.#running.add(run);
    }
  }

  /**
   * How many jobs of each group a claim of `free` slots may take: what its fair share leaves, counting the
   * groups with jobs due and those running here. Only the groups with the oldest due jobs are listed: a
   * claim takes at least one job of each, so no later group's job could make it.
   */
  #allowed(due: string[], free: number): Map<string, number> {
    const share = fairShare(this.#concurrency, new Set([...due, ...this.#groups.keys()]).size);
    const allowed = new Map<string, number>();
    for (const group of due) {
      const count = share - (this.#groups.get(group) ?? 0);
      if (count > 0) allowed.set(group, count);
      if (allowed.size === free) break;
    }
    return allowed;
  }

  async #run(job: JobRow): Promise<void> {
    const handler = this.#handlers[job.kind]!; // claims select only the kinds we have handlers for
    try {
      await handler(fromJson(job.payload), {
        id: String(job.id),
        kind: job.kind,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        signal: this.#abort.signal,
      });
      this.#finished.push({ job });
    } catch (error) {
      this.#finished.push({ job, error: error ?? new Error('the job failed without an error') });
    }
  }

  async stop({ deadlineMs }: StopOptions): Promise<void> {
    this.#stopping = true;
    if (deadlineMs === undefined) this.#abort.abort();
    clearInterval(this.#poll);
    const drained = this.#drain();
    if (deadlineMs === undefined || (await settlesWithin(drained, deadlineMs))) await drained;
    else {
      this.#abort.abort();
      await releaseJobs(this.#db, this.#id);
      // Their runs may still end here; those writes then find the jobs released and change nothing.
      drained.catch(this.#settings.onError);
    }
    // Leases are renewed until the last finished run has been written (or the jobs were released).
    clearInterval(this.#heartbeat);
  }

  /** A write in flight still starts the jobs it claimed; then every run ends and its end is written. */
  async #drain(): Promise<void> {
    while (this.#writing || this.#running.size > 0) {
      await this.#writing;
      await Promise.all(this.#running);
    }
  }
}
