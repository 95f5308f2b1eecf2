import { describe, expect, it } from 'vitest';
import { FaultSwitches } from '../../../../src/erp/sage300/simulator/faults.ts';
import {
  type Sage300SimState,
  type Sage300Simulator,
  startSage300Simulator,
} from '../../../../src/erp/sage300/simulator/index.ts';
import { read, useSimulator, write } from './sim-client.ts';

const vendor = 'APM_MASTER__VENDOR';

/** A `random` that answers the given draws in turn. */
const scripted = (...draws: number[]) => {
  let next = 0;
  return () => draws[next++ % draws.length] ?? 0;
};

const postFaults = (sim: Sage300Simulator, body: unknown) =>
  fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body) });

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const vendors = (sim: Sage300Simulator) => sim.state().tables[vendor]?.map((row) => row.Vendor) ?? [];

describe('Sage 300 simulator fault switches', () => {
  const world = useSimulator({ seed: 'demo' });

  it('answers the switches, all off at first, and sets every switch on POST (left out = off)', async () => {
    const off = {
      latencyMs: 0,
      lock: false,
      dropConnections: 0,
      slowCommitMs: 0,
      readLagMs: 0,
      transientRate: 0,
    };
    expect(await (await fetch(`${world.sim.url}/_sim/faults`)).json()).toEqual(off);
    expect((await postFaults(world.sim, { lock: true, latencyMs: 5 })).status).toBe(204);
    expect((await postFaults(world.sim, { dropConnections: true })).status).toBe(204);
    expect(await (await fetch(`${world.sim.url}/_sim/faults`)).json()).toEqual({
      ...off,
      dropConnections: 1,
    });
    expect((await postFaults(world.sim, {})).status).toBe(204);
  });

  it.each([
    [{ transientRate: 1.5 }, /transientRate/],
    [{ dropConnections: -1 }, /dropConnections/],
    [{ latencyMs: 'slow' }, /latencyMs/],
    [{ lock: 'yes' }, /lock/],
    [{ somethingElse: 1 }, /unknown fault switch somethingElse/],
  ])('refuses %j with 400', async (body, message) => {
    const answer = await postFaults(world.sim, body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toMatch(message);
    expect(() => new FaultSwitches(Math.random).set(body)).toThrow(message);
  });

  it('refuses writes with 423 under the backup lock, and says so on /company', async () => {
    world.sim.setFaults({ lock: true });
    try {
      const company = (await (await fetch(`${world.sim.url}/company`)).json()) as { state: unknown };
      expect(company.state).toEqual({
        reachable: true,
        writable: false,
        reason: 'backup lock: the file is in use',
      });
      const answer = await write(world.sim, vendor, 'CreateOnly', { Vendor: 'LOCKED', Name: 'Locked' });
      expect(answer).toEqual({
        status: 423,
        body: { errors: [{ message: 'The file is in use: a backup is running' }] },
      });
      expect((await read(world.sim, vendor)).status).toBe(200);
      expect(vendors(world.sim)).not.toContain('LOCKED');
    } finally {
      world.sim.setFaults({});
    }
  });

  it('delays every Sage call by latencyMs, but not the inspection view', async () => {
    world.sim.setFaults({ latencyMs: 150 });
    try {
      let started = performance.now();
      await fetch(`${world.sim.url}/company`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      started = performance.now();
      await fetch(`${world.sim.url}/_sim/state`);
      expect(performance.now() - started).toBeLessThan(140);
    } finally {
      world.sim.setFaults({});
    }
  });
});

describe('Sage 300 simulator drawn faults', () => {
  it('answers 503 to the drawn share of calls before anything is written', async () => {
    const sim = await startSage300Simulator({ random: scripted(0.2, 0.8, 0.2) });
    try {
      sim.setFaults({ transientRate: 0.5 });
      const before = sim.state();
      const busy = await write(sim, vendor, 'CreateOnly', { Vendor: 'BUSY', Name: 'Busy' });
      expect(busy).toEqual({ status: 503, body: { errors: [{ message: 'Sage is busy, try again' }] } });
      const { tables, writes, rejects, writeCalls } = sim.state();
      expect({ tables, writes, rejects }).toEqual({
        tables: before.tables,
        writes: before.writes,
        rejects: before.rejects,
      });
      expect(writeCalls[vendor]).toBe(1);
      expect((await write(sim, vendor, 'CreateOnly', { Vendor: 'BUSY', Name: 'Busy' })).status).toBe(200);
      expect((await read(sim, vendor)).status).toBe(503);
    } finally {
      await sim.close();
    }
  });

  it('destroys the socket of the drawn share of calls without an answer', async () => {
    const sim = await startSage300Simulator({ random: scripted(0.2, 0.8) });
    try {
      sim.setFaults({ dropConnections: 0.5 });
      await expect(write(sim, vendor, 'CreateOnly', { Vendor: 'DROP', Name: 'Dropped' })).rejects.toThrow();
      expect(vendors(sim)).not.toContain('DROP');
      expect((await fetch(`${sim.url}/company`)).status).toBe(200);
      sim.setFaults({ dropConnections: true });
      await expect(fetch(`${sim.url}/company`)).rejects.toThrow();
      expect((await fetch(`${sim.url}/_sim/state`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('Sage 300 simulator slow commits and read lag', () => {
  it('commits a slow write although its caller gave up before the answer', async () => {
    const sim = await startSage300Simulator();
    try {
      sim.setFaults({ slowCommitMs: 300 });
      const gaveUp = write(sim, vendor, 'CreateOnly', { Vendor: 'LATE', Name: 'Late Supply' }, undefined, {
        signal: AbortSignal.timeout(50),
      });
      await expect(gaveUp).rejects.toThrow();
      expect(vendors(sim)).not.toContain('LATE');
      await until(() => vendors(sim).includes('LATE'));
      const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as Sage300SimState;
      expect(state.writes[vendor]).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('checks the CreateOnly key at commit time: of two overlapping creates one stores, the other answers 409', async () => {
    const sim = await startSage300Simulator();
    try {
      sim.setFaults({ slowCommitMs: 100 });
      const row = { Vendor: 'TWICE', Name: 'Twice Co' };
      const answers = await Promise.all([
        write(sim, vendor, 'CreateOnly', row),
        write(sim, vendor, 'CreateOnly', { ...row, Name: 'Twice Again' }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 409]);
      expect(answers[1]?.body.stored).toMatchObject({ Vendor: 'TWICE', Name: 'Twice Co' });
      expect(vendors(sim).filter((id) => id === 'TWICE')).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it('hides rows written within readLagMs from reads, but not from CreateOnly', async () => {
    let clock = Date.UTC(2026, 11, 4, 9);
    const sim = await startSage300Simulator({ now: () => clock });
    try {
      sim.setFaults({ readLagMs: 60_000 });
      const before = (await read(sim, vendor)).body.stamp;
      expect((await write(sim, vendor, 'CreateOnly', { Vendor: 'HIDDEN', Name: 'Hidden Co' })).status).toBe(
        200,
      );
      const lagging = await read(sim, vendor, { since: String(before) });
      expect(lagging.body).toEqual({ rows: [], stamp: before });
      expect((await write(sim, vendor, 'CreateOnly', { Vendor: 'HIDDEN', Name: 'Hidden Co' })).status).toBe(
        409,
      );
      expect(vendors(sim)).toContain('HIDDEN');

      clock += 60_001;
      const visible = await read(sim, vendor, { since: String(before) });
      expect(visible.body.rows).toEqual([expect.objectContaining({ Vendor: 'HIDDEN' })]);
      expect(visible.body.stamp).toBe(before + 1);
    } finally {
      await sim.close();
    }
  });
});
