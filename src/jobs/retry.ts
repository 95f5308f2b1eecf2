export interface Backoff {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: Backoff = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Delay before the next run after the `attempt`-th run failed: the base doubling per attempt, capped,
 * then ±25 % jitter so that jobs failing together (an ERP outage) do not all retry in the same instant.
 */
export function retryDelayMs(attempt: number, { baseMs, capMs }: Backoff, random = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}
