import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry.ts';

describe('retry delay', () => {
  const backoff = { baseMs: 1_000, capMs: 300_000 };
  const middle = () => 0.5; // jitter factor exactly 1

  it('doubles from the base with each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map((attempt) => retryDelayMs(attempt, backoff, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000,
    ]);
  });

  it('spreads each delay by ±25 % so that jobs failing together do not retry together', () => {
    expect(retryDelayMs(3, backoff, () => 0)).toBe(3_000);
    expect(retryDelayMs(3, backoff, () => 0.999_999)).toBe(5_000);
    expect(retryDelayMs(20, backoff, () => 0)).toBe(225_000);
  });
});
