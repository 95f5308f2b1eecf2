import { describe, expect, it } from 'vitest';
import { FaultSwitches } from '../../../../src/erp/spectrum/simulator/faults.ts';
import { startSpectrumSimulator } from '../../../../src/erp/spectrum/simulator/index.ts';

/** A `random` that answers the given draws in turn. */
const scripted = (...draws: number[]) => {
  let next = 0;
  return () => draws[next++ % draws.length] ?? 0;
};

describe('simulator fault switches', () => {
  it('starts with every fault off and the GUID timeout it was given', () => {
    expect(new FaultSwitches(Math.random, 86_400_000).current).toEqual({
      transientRate: 0,
      truncateRate: 0,
      maxRows: 0,
      latencyMs: 0,
      outage: false,
      guidTimeoutMs: 86_400_000,
    });
  });

  it('merges the switches it is given and keeps the others', () => {
    const faults = new FaultSwitches(Math.random, 1_000);
    faults.set({ maxRows: 500, latencyMs: 20 });
    faults.set({ truncateRate: 0.5 });
    expect(faults.current).toMatchObject({
      maxRows: 500,
      latencyMs: 20,
      truncateRate: 0.5,
      guidTimeoutMs: 1_000,
    });
  });

  it.each([
    [{ transientRate: 1.5 }, /transientRate/],
    [{ truncateRate: -0.1 }, /truncateRate/],
    [{ maxRows: 2.5 }, /maxRows/],
    [{ maxRows: -1 }, /maxRows/],
    [{ latencyMs: 'slow' }, /latencyMs/],
    [{ outage: 'yes' }, /outage/],
    [{ guidTimeoutMs: Number.NaN }, /guidTimeoutMs/],
    [{ somethingElse: 1 }, /unknown fault switch somethingElse/],
  ])('refuses %j', (switches, message) => {
    const faults = new FaultSwitches(Math.random, 1_000);
    expect(() => faults.set(switches as never)).toThrow(message);
    expect(faults.current.maxRows).toBe(0);
  });

  it('strikes a Put before it runs or after its record is stored, half and half', () => {
    const faults = new FaultSwitches(scripted(0.1, 0.2, 0.1, 0.7, 0.9), 1_000);
    faults.set({ transientRate: 0.5 });
    expect(faults.transient('put')).toBe('after-commit'); // drawn 0.1 < 0.5, then 0.2 < 0.5
    expect(faults.transient('put')).toBe('before'); // 0.1, then 0.7
    expect(faults.transient('put')).toBe('none'); // 0.9
  });

  it('strikes a Get before it runs only', () => {
    const faults = new FaultSwitches(scripted(0.1), 1_000);
    faults.set({ transientRate: 1 });
    expect(faults.transient('get')).toBe('before');
  });

  it('truncates a share of the Get answers', () => {
    const faults = new FaultSwitches(scripted(0.3, 0.8), 1_000);
    expect(faults.truncates()).toBe(false); // off: no draw
    faults.set({ truncateRate: 0.5 });
    expect(faults.truncates()).toBe(true);
    expect(faults.truncates()).toBe(false);
  });

  it('answers 400 to a bad switch over HTTP and 200 with the switches in force otherwise', async () => {
    const sim = await startSpectrumSimulator({ seed: 'empty' });
    try {
      const post = (body: string) => fetch(`${sim.url}/_sim/faults`, { method: 'POST', body });
      expect((await post('{"maxRows": "many"}')).status).toBe(400);
      expect((await post('not json')).status).toBe(400);
      const answer = await post('{"maxRows": 3}');
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ maxRows: 3, guidTimeoutMs: 86_400_000 });
      expect(sim.faults().maxRows).toBe(3);
    } finally {
      await sim.close();
    }
  });
});
