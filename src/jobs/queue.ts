import type { Kysely } from 'kysely';
import { fromJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { type Backoff, defaultBackoff } from './retry.ts';

/**
 * The job queue port. Work that must happen after a state change (an export, an email, a webhook) is
 * enqueued with the caller's transaction, so the job exists exactly when the change committed.
 *
 * Delivery is at least once: a job whose worker dies runs again once its lease expires, so handlers
 * must be idempotent. Completed jobs are deleted; a job that used all its attempts is kept as dead.
 */
export interface EnqueueOptions {
  /**
   * While a job with this key is waiting, running or dead, enqueueing the same key again does nothing.
   * Once that job completed (and was deleted) the key can be used again.
   */
  key?: string;
  /** Not before this instant. */
  runAt?: Date;
  /** Attempts before the job is kept as dead with its last error (default 10). */
  maxAttempts?: number;
  /**
   * Whom the job works for (a company's id): a worker gives one group's jobs at most {@link fairShare} of
   * its slots, so one company's slow jobs never hold them all. Jobs without a group are not limited.
   */
  group?: string;
}

export interface JobContext {
  readonly id: string;
  readonly kind: string;
  /** 1 on the first run. A run cut short by a dead worker counts as an attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the worker is asked to stop; long handlers should give up early. */
  readonly signal: AbortSignal;
}

export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

export interface StopOptions {
  /**
   * How long the running jobs may run on, their signals untouched. Those still running then have their
   * signals aborted and are released at once, the cut-short run not counted, for any worker to run again;
   * the stop returns without waiting for them. Without a deadline the signals are aborted at once and the
   * stop waits for every run to end.
   */
  deadlineMs?: number;
}

export interface WorkerOptions {
  /** Jobs run at the same time by this worker (default {@link defaultConcurrency}). */
  concurrency?: number;
  /**
   * Called once should the worker stop on its own, not asked to (its queue engine gave up, say after
   * losing the database): the process then runs no job, and should exit for its supervisor to restart it.
   */
  onFailure?: (error: Error) => void;
}

export interface QueueStats {
  /** Due now or later (scheduled, or waiting for a retry). */
  waiting: number;
  /** Held under a live lease. */
  running: number;
  dead: number;
}

/** A job that has not run to its end (waiting, retrying or running), as enqueue would take it again. */
export interface PendingJob {
  kind: string;
  payload: unknown;
  runAt: Date;
  maxAttempts: number;
  key?: string;
  group?: string;
}

export interface DeadJob {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
}

/** A dead job's stored row (either adapter's) as the port answers it. */
export const toDeadJob = (row: {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
  last_error: string | null;
}): DeadJob => ({
  id: String(row.id),
  kind: row.kind,
  payload: fromJson(row.payload),
  attempts: row.attempts,
  lastError: row.last_error,
});

export interface JobQueue {
  /** Installs the queue's own tables or schema if missing; idempotent and safe to race. */
  prepare(): Promise<void>;
  /** Adds a job through `executor`: pass the transaction of the state change it belongs to. */
  enqueue(executor: Kysely<DB>, kind: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /** Starts this queue's worker (once per queue object) running the given kinds. */
  start(handlers: Record<string, JobHandler>, options?: WorkerOptions): Promise<void>;
  /** Graceful stop: takes no new job at once, then lets the running ones end (see {@link StopOptions}). */
  stop(options?: StopOptions): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Oldest first. */
  deadJobs(limit?: number): Promise<DeadJob[]>;
  /** Every job not yet done and not dead, oldest first: what moving an installation carries over. */
  pendingJobs(): Promise<PendingJob[]>;
}

/** Tuning shared by both adapters; the defaults suit production, tests shrink them. */
export interface QueueOptions {
  /**
   * How long a claimed job stays reserved to its worker without a heartbeat (default 30 s). A live
   * worker renews its leases every third of this; a job of a dead worker runs again after it.
   */
  leaseMs?: number;
  /**
   * How often an idle worker looks for due jobs (default 50 ms on SQLite; 1 s on PostgreSQL, where
   * LISTEN/NOTIFY brings new jobs at once and polling only finds retries and scheduled jobs).
   */
  pollIntervalMs?: number;
  /** Retry delay after a failure (default base 1 s doubling per attempt, capped at 5 min). */
  backoff?: Backoff;
  /** Where a worker reports errors it survives (a failed poll, a lost connection); default console.error. */
  onError?: (error: unknown) => void;
}

export const defaultMaxAttempts = 10;
/**
 * Jobs mostly wait (on the ERP, on the database) and those running together share their database work
 * (one read, one `synced` transaction for many exports): the more run at once, the less each costs.
 * bench/export.ts on PostgreSQL: 37 – 41 % of the simulator-bound rate at 32, 48 – 52 % at 64, 51 – 56 %
 * at 128. SDX calls to one Spectrum server stay at 8 in flight whatever this is. Those runs had one company:
 * since jobs carry their company as a group, a lone company gets half the slots (fairShare).
 */
export const defaultConcurrency = 128;

/**
 * The slots of a worker with `concurrency` slots that one group's jobs may hold while `groups` groups have
 * jobs running on it or due. The slots are split evenly, and never fewer than two ways: a lone group keeps
 * half of them free, so a newcomer finds one at once even while every job of the first group hangs. A group
 * above a share that shrank keeps its running jobs but starts none until it is below it again.
 */
export function fairShare(concurrency: number, groups: number): number {
  return Math.max(1, Math.floor(concurrency / Math.max(2, groups)));
}

/** Whether `work` settles within `ms`; it is left running either way. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The options with every default filled in; the poll interval's default is the adapter's. */
export function withDefaults(options: QueueOptions, pollIntervalMs: number): Required<QueueOptions> {
  return {
    leaseMs: options.leaseMs ?? 30_000,
    pollIntervalMs: options.pollIntervalMs ?? pollIntervalMs,
    backoff: options.backoff ?? defaultBackoff,
    onError: options.onError ?? console.error,
  };
}
