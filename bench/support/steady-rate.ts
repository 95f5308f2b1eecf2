import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts `fire(i, scheduledAt)` at `perSecond` for `durationMs` (open loop: a slow answer delays no later
 * call, as users do not wait for each other), then waits for every call to end. Returns how many started.
 * `scheduledAt` is the call's due time: latencies measured from it include any lag of this process.
 */
export async function atSteadyRate(
  perSecond: number,
  durationMs: number,
  fire: (i: number, scheduledAt: number) => Promise<unknown>,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  const start = performance.now();
  const total = Math.floor((perSecond * durationMs) / 1000);
  const running = new Set<Promise<unknown>>();
  let i = 0;
  while (i < total && !shouldStop()) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const call = fire(i, due).finally(() => running.delete(call));
    running.add(call);
    i++;
  }
  await Promise.all(running);
  return i;
}
