import { describe, expect, it } from 'vitest';
import { GuidSessions } from '../../../src/erp/spectrum/simulator/sessions.ts';

describe('simulator GUID sessions', () => {
  const timeoutMs = 1_000;
  const clock = () => {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('times a GUID out after the timeout of silence, and lets its calls keep it alive', () => {
    const time = clock();
    const sessions = new GuidSessions(time.now, () => timeoutMs);
    expect(sessions.touch('a')).toBe(true);
    time.advance(timeoutMs); // exactly the timeout: still alive
    expect(sessions.touch('a')).toBe(true);
    time.advance(timeoutMs + 1);
    expect(sessions.touch('a')).toBe(false);
    // Timed out means forgotten: the GUID starts afresh.
    expect(sessions.touch('a')).toBe(true);
  });

  it('forgets only GUIDs silent for ten timeouts, so a late retry still hears "time out"', () => {
    const time = clock();
    const sessions = new GuidSessions(time.now, () => timeoutMs);
    sessions.touch('old');
    time.advance(5 * timeoutMs);
    sessions.touch('recent');
    time.advance(6 * timeoutMs); // old: 11 timeouts of silence, recent: 6
    sessions.touch('new'); // the sweep runs on every call
    expect(sessions.touch('recent')).toBe(false); // remembered, so timed out
    expect(sessions.touch('old')).toBe(true); // forgotten, so new
  });

  it('keeps its cost per call constant with many GUIDs (each batch brings a new one)', () => {
    const time = clock();
    // The sessions read the timeout once per GUID they look at: the count is the work done.
    let looks = 0;
    const sessions = new GuidSessions(time.now, () => {
      looks++;
      return timeoutMs;
    });
    const calls = 20_000;
    for (let i = 0; i < calls; i++) sessions.touch(`guid-${i}`); // none idles out: nothing to forget
    // A sweep of every GUID per call (the earlier design above 10,000 GUIDs) looks 10^8 times.
    expect(looks).toBeLessThanOrEqual(2 * calls);
  });
});
