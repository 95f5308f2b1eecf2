import { describe, expect, it } from 'vitest';
import { GuidSessions } from '../../../src/erp/spectrum/simulator/sessions.ts';

describe('simulator GUID sessions', () => {
  const timeoutMs = 1_000;
  const clock = () => {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('times a session out after the timeout of silence, and lets its calls keep it alive', () => {
    const time = clock();
    const sessions = new GuidSessions(time.now, () => timeoutMs);
    expect(sessions.touch('GetJob', 'DEMO', 'a')).toBe('ok');
    time.advance(timeoutMs); // exactly the timeout: still alive
    expect(sessions.touch('GetJob', 'DEMO', 'a')).toBe('ok');
    time.advance(timeoutMs + 1);
    expect(sessions.touch('GetJob', 'DEMO', 'a')).toBe('timed-out');
    // Timed out means forgotten: the GUID starts afresh.
    expect(sessions.touch('GetJob', 'DEMO', 'a')).toBe('ok');
  });

  it('keys sessions by method + Authorization_ID + GUID: one GUID serves several methods of one ID', () => {
    const time = clock();
    const sessions = new GuidSessions(time.now, () => timeoutMs);
    expect(sessions.touch('GetJob', 'DEMO', 'a')).toBe('ok');
    time.advance(600);
    expect(sessions.touch('GetPhase', 'DEMO', 'a')).toBe('ok');
    time.advance(600); // GetJob idle 1 200 ms, GetPhase 600 ms
    expect(sessions.touch('GetPhase', 'DEMO', 'a')).toBe('ok');
    expect(sessions.touch('GetJob', 'DEMO', 'a')).toBe('timed-out');
  });

  it('refuses a live GUID to another Authorization ID on the same method, and frees it once idled out', () => {
    const time = clock();
    const sessions = new GuidSessions(time.now, () => timeoutMs);
    expect(sessions.touch('AddJob', 'DEMO', 'a')).toBe('ok');
    expect(sessions.touch('AddJob', 'DEMOREAD', 'a')).toBe('in-use');
    expect(sessions.touch('AddPhase', 'DEMOREAD', 'a')).toBe('ok');
    // The refusal did not disturb the first ID's session.
    expect(sessions.touch('AddJob', 'DEMO', 'a')).toBe('ok');
    time.advance(timeoutMs + 1);
    expect(sessions.touch('AddJob', 'DEMOREAD', 'a')).toBe('ok');
    // Now the GUID is the other ID's.
    expect(sessions.touch('AddJob', 'DEMO', 'a')).toBe('in-use');
  });

  it('forgets only sessions silent for ten timeouts, so a late retry still hears "time out"', () => {
    const time = clock();
    const sessions = new GuidSessions(time.now, () => timeoutMs);
    sessions.touch('GetJob', 'DEMO', 'old');
    time.advance(5 * timeoutMs);
    sessions.touch('GetJob', 'DEMO', 'recent');
    time.advance(6 * timeoutMs); // old: 11 timeouts of silence, recent: 6
    sessions.touch('GetJob', 'DEMO', 'new'); // the sweep runs on every call
    expect(sessions.touch('GetJob', 'DEMO', 'recent')).toBe('timed-out'); // remembered, so timed out
    expect(sessions.touch('GetJob', 'DEMO', 'old')).toBe('ok'); // forgotten, so new
  });

  it('keeps its cost per call constant with many GUIDs (each batch brings a new one)', () => {
    const time = clock();
    // The sessions read the timeout once per session they look at: the count is the work done.
    let looks = 0;
    const sessions = new GuidSessions(time.now, () => {
      looks++;
      return timeoutMs;
    });
    const calls = 20_000;
    for (let i = 0; i < calls; i++) sessions.touch('AddPhase', 'DEMO', `guid-${i}`); // none idles out
    // A sweep of every session per call would look 2 × 10^8 times.
    expect(looks).toBeLessThanOrEqual(2 * calls);
  });
});
