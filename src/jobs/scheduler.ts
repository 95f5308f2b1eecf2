import { Cron } from 'croner';
import type { Clock } from '../domain/clock.ts';

/**
 * Schedules on many nodes (ARCHITECTURE.md): every process runs a scheduler that wakes each minute and
 * calls its tasks with the clock's time, and once when it starts. A task only *enqueues* work under a unique key for the current
 * slot, so any number of nodes ticking at once still start each slot's work exactly once; the scheduler
 * itself holds no state worth losing, and a node that was down catches up on its first tick.
 */
export type ScheduledTask = (now: Date) => Promise<void>;

export interface Scheduler {
  /**
   * Ticks at once, then wakes on the pattern; a second call does nothing. The first tick is what lets a
   * process that was down (a restart, a deploy) catch up at once rather than at the next wake-up.
   */
  start(): void;
  /** Runs every task once now (what each wake-up does); tests call it with a fake clock. */
  tick(): Promise<void>;
  /** Stops waking and waits for a tick in progress. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  clock: Clock;
  /** Croner pattern of the wake-ups, with seconds (default every minute, at second 0). */
  pattern?: string;
  /** Where a failed task is reported; the other tasks and later ticks go on (default console.error). */
  onError?: (error: unknown) => void;
}

export function createScheduler(tasks: ScheduledTask[], options: SchedulerOptions): Scheduler {
  const onError = options.onError ?? console.error;
  let cron: Cron | undefined;
  let running: Promise<void> | undefined;

  const tick = async () => {
    const now = options.clock.now();
    for (const task of tasks) {
      try {
        await task(now);
      } catch (error) {
        onError(error);
      }
    }
  };
  // One tick at a time per process: a slow tick (a busy database) is not overlapped by the next.
  const guardedTick = () => {
    running ??= tick().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    start() {
      if (cron) return;
      cron = new Cron(options.pattern ?? '0 * * * * *', () => guardedTick());
      void guardedTick();
    },
    tick: guardedTick,
    async stop() {
      cron?.stop();
      cron = undefined;
      await running;
    },
  };
}

/**
 * The start of the latest slot of `pattern` in `timeZone` that has begun at `now` (a slot starting
 * exactly at `now` counts). Croner does the calendar work, daylight-saving changes included: a local
 * time that does not exist that day (02:00 when clocks jump to 03:00) starts its slot when the clocks
 * reach the next valid time, and a repeated hour (clocks going back) is two slots.
 */
export function latestSlot(pattern: string, timeZone: string, now: Date): Date {
  // previousRuns excludes its reference instant; one millisecond later includes it.
  const [start] = new Cron(pattern, { timezone: timeZone, paused: true }).previousRuns(
    1,
    new Date(now.getTime() + 1),
  );
  if (!start) throw new Error(`the pattern ${pattern} never ran before ${now.toISOString()}`);
  return start;
}
