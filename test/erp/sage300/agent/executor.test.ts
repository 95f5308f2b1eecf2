import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createExecutor, type Executor } from '../../../../src/erp/sage300/agent/executor.ts';
import { Journal } from '../../../../src/erp/sage300/agent/journal.ts';
import { simulatedSageBackend } from '../../../../src/erp/sage300/agent/simulated-sage-backend.ts';
import type { AgentCommand } from '../../../../src/erp/sage300/protocol.ts';
import { type Sage300Simulator, startSage300Simulator } from '../../../../src/erp/sage300/simulator/index.ts';

const jobTable = 'JCM_MASTER__JOB';

function createJob(key: string, row: AgentCommand['row']): AgentCommand {
  return { id: `cmd-${key}`, key, op: 'create', table: jobTable, row };
}

describe('the agent executor against the simulated Sage company', () => {
  let sim: Sage300Simulator;
  let dataDir: string;
  let journal: Journal;
  let executor: Executor;
  const writes = (table = jobTable) => sim.state().writes[table] ?? 0;
  const jobs = (job: string) => sim.state().tables[jobTable]?.filter((row) => row.Job === job) ?? [];

  function useExecutor(sageTimeoutMs = 5_000): void {
    executor = createExecutor(simulatedSageBackend(sim.url, sageTimeoutMs), journal);
  }

  beforeEach(async () => {
    sim = await startSage300Simulator({ seed: 'demo' });
    dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-agent-'));
    journal = new Journal(dataDir);
    useExecutor();
  });
  afterEach(async () => {
    journal.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports Sage state and the company format', async () => {
    const result = await executor.run({ id: 'c1', key: 'state', op: 'state' });
    expect(result).toEqual({
      status: 'ok',
      state: { reachable: true, writable: true },
      format: { jobMask: 'XX-XXXX', costCodeMask: 'XX-XXX', commitmentIdLength: 12 },
    });
    sim.setFaults({ lock: true });
    const locked = await executor.run({ id: 'c2', key: 'state', op: 'state' });
    expect(locked).toMatchObject({ state: { writable: false, reason: 'backup lock: the file is in use' } });
  });

  it('finds a row by its key formatted the way Sage stores it', async () => {
    const job = await executor.run({
      id: 'c1',
      key: 'f1',
      op: 'find',
      table: jobTable,
      row: { Job: '241001' },
    });
    expect(job).toMatchObject({ status: 'ok', rows: [{ Job: '24-1001', Description: 'Riverside Clinic' }] });
    const vendor = await executor.run({
      id: 'c2',
      key: 'f2',
      op: 'find',
      table: 'APM_MASTER__VENDOR',
      row: { Vendor: 'acme' },
    });
    expect(vendor).toMatchObject({ status: 'ok', rows: [{ Vendor: 'ACME' }] });
    const none = await executor.run({
      id: 'c3',
      key: 'f3',
      op: 'find',
      table: jobTable,
      row: { Job: '99-9999' },
    });
    expect(none).toEqual({ status: 'ok', rows: [] });
  });

  it('reads rows changed since a stamp', async () => {
    const all = await executor.run({ id: 'c1', key: 'r1', op: 'read', table: jobTable });
    expect(all).toMatchObject({
      status: 'ok',
      rows: expect.arrayContaining([expect.objectContaining({ Job: '24-1001' })]),
    });
    const stamp = all.status === 'ok' ? all.stamp : undefined;
    await executor.run(createJob('r_1:job:24-2001', { Job: '242001', Description: 'Library' }));
    const since = await executor.run({ id: 'c2', key: 'r2', op: 'read', table: jobTable, since: stamp });
    expect(since).toMatchObject({ status: 'ok', rows: [{ Job: '24-2001' }] });
  });

  it('creates once, and answers a replay from the journal without writing', async () => {
    const command = createJob('r_1:job:24-2001', { Job: '242001', Description: 'Library' });
    const first = await executor.run(command);
    expect(first).toMatchObject({ status: 'ok', created: true, stored: { Job: '24-2001' } });
    const again = await executor.run({ ...command, id: 'resent' });
    expect(again).toMatchObject({ status: 'ok', alreadyApplied: true, stored: { Job: '24-2001' } });
    expect(writes()).toBe(1);
    expect(journal.get(command.key)).toMatchObject({ state: 'applied', naturalKey: '{"Job":"24-2001"}' });
  });

  it('runs a command sent again while the first run is going once', async () => {
    sim.setFaults({ latencyMs: 100 });
    const command = createJob('r_1:job:24-2001', { Job: '242001', Description: 'Library' });
    const [first, second] = await Promise.all([
      executor.run(command),
      executor.run({ ...command, id: 'resent' }),
    ]);
    expect(first).toMatchObject({ status: 'ok', created: true });
    expect(second).toMatchObject({ status: 'ok', alreadyApplied: true, stored: { Job: '24-2001' } });
    expect(writes()).toBe(1);
  });

  it('reports a key someone else took as not ours, and says so again on a replay', async () => {
    const command = createJob('r_1:job:24-1001', { Job: '241001', Description: 'Another clinic' });
    const expected = {
      status: 'exists',
      ours: false,
      stored: { Job: '24-1001', Description: 'Riverside Clinic' },
    };
    expect(await executor.run(command)).toMatchObject(expected);
    expect(await executor.run(command)).toMatchObject(expected);
    expect(journal.get(command.key)?.state).toBe('not_ours');
    expect(writes()).toBe(0);
  });

  it('passes on a refusal in Sage words, and answers a replay with it without writing', async () => {
    const command = createJob('r_1:job:24-2002', {
      Job: '242002',
      Description: 'Library',
      City: 'A city with a long name',
    });
    const refused = await executor.run(command);
    expect(refused).toEqual({
      status: 'refused',
      errors: [{ column: 'City', message: 'City exceeds 15 characters' }],
    });
    const rejects = sim.state().rejects;
    expect(await executor.run(command)).toEqual(refused);
    expect(sim.state().rejects).toBe(rejects);
    expect(journal.get(command.key)?.state).toBe('refused');
  });

  it('answers unavailable under the backup lock without keeping a claim, then creates once it lifts', async () => {
    const command = createJob('r_1:job:24-2003', { Job: '242003', Description: 'Library' });
    sim.setFaults({ lock: true });
    expect(await executor.run(command)).toEqual({
      status: 'unavailable',
      reason: 'backup lock: the file is in use',
    });
    expect(journal.get(command.key)).toBeUndefined();
    sim.setFaults({});
    expect(await executor.run(command)).toMatchObject({ status: 'ok', created: true });
    expect(writes()).toBe(1);
  });

  it('answers unavailable when Sage cannot be reached', async () => {
    await sim.close();
    const result = await executor.run(
      createJob('r_1:job:24-2004', { Job: '242004', Description: 'Library' }),
    );
    expect(result).toMatchObject({ status: 'unavailable' });
    const state = await executor.run({ id: 's', key: 's', op: 'state' });
    expect(state).toMatchObject({ status: 'ok', state: { reachable: false, writable: false } });
    sim = await startSage300Simulator({ seed: 'demo' });
  });

  it('reports a timed-out create unknown, and settles it as ours on the next run with one row', async () => {
    useExecutor(400);
    sim.setFaults({ slowCommitMs: 1_500 });
    const command = createJob('r_1:job:24-2005', { Job: '242005', Description: 'Library' });
    expect(await executor.run(command)).toMatchObject({ status: 'unknown' });
    expect(journal.get(command.key)?.state).toBe('attempted');
    await vi.waitUntil(() => jobs('24-2005').length === 1, { timeout: 5_000 });
    sim.setFaults({});
    const settled = await executor.run(command);
    expect(settled).toMatchObject({ status: 'exists', ours: true, stored: { Job: '24-2005' } });
    expect(await executor.run(command)).toMatchObject({ status: 'ok', alreadyApplied: true });
    expect(jobs('24-2005')).toHaveLength(1);
    expect(writes()).toBe(1);
  });

  it('settles a lost commitment create as ours with its lines, for the hub to compare', async () => {
    useExecutor(400);
    sim.setFaults({ slowCommitMs: 1_500 });
    const command: AgentCommand = {
      id: 'c1',
      key: 'r_3:commitment:SC-777',
      op: 'create',
      table: 'JCM_MASTER__COMMITMENT',
      row: { Commitment: 'SC-777', Vendor: 'ACME', Job: '24-1001', Description: 'Lost answer' },
      lines: [
        { Item: '1', Cost_Code: '03-300', Category: 'M', Amount: 100 },
        { Item: '2', Cost_Code: '03-300', Category: 'L', Amount: 200 },
      ],
    };
    expect(await executor.run(command)).toMatchObject({ status: 'unknown' });
    await vi.waitUntil(
      () => (sim.state().tables.JCM_MASTER__COMMITMENT ?? []).some((r) => r.Commitment === 'SC-777'),
      {
        timeout: 5_000,
      },
    );
    sim.setFaults({});
    const settled = await executor.run(command);
    expect(settled).toMatchObject({ status: 'exists', ours: true, stored: { Commitment: 'SC-777' } });
    expect(settled.status === 'exists' && settled.stored.lines?.map((line) => line.Item)).toEqual(['1', '2']);
  });

  it('takes "already exists" after its own lost write as ours when the row is not yet readable', async () => {
    useExecutor(400);
    sim.setFaults({ slowCommitMs: 1_500, readLagMs: 60_000 });
    const command = createJob('r_1:job:24-2006', { Job: '242006', Description: 'Library' });
    expect(await executor.run(command)).toMatchObject({ status: 'unknown' });
    await vi.waitUntil(() => jobs('24-2006').length === 1, { timeout: 5_000 });
    sim.setFaults({ readLagMs: 60_000 });
    expect(await executor.run(command)).toMatchObject({
      status: 'exists',
      ours: true,
      stored: { Job: '24-2006' },
    });
    expect(writes()).toBe(1);
  });

  it('reports a write whose connection dropped after sending unknown, not failed', async () => {
    const command: AgentCommand = {
      id: 'c1',
      key: 'r_2:cost_code:24-1001:03-310',
      op: 'save',
      table: 'JCM_MASTER__COST_CODE',
      row: { Job: '24-1001', Cost_Code: '03-310', Description: 'Formwork' },
    };
    // The format is read first, so that the dropped call is the write itself.
    await executor.run({ id: 'c0', key: 'f', op: 'find', table: jobTable, row: { Job: '24-1001' } });
    sim.setFaults({ dropConnections: 1 });
    expect(await executor.run(command)).toMatchObject({ status: 'unknown' });
    sim.setFaults({});
    expect(await executor.run(command)).toMatchObject({ status: 'ok', stored: { Cost_Code: '03-310' } });
  });

  it('saves cost codes, answering a replay from the journal', async () => {
    const command: AgentCommand = {
      id: 'c1',
      key: 'r_2:cost_code:24-1001:03-300',
      op: 'save',
      table: 'JCM_MASTER__COST_CODE',
      row: { Job: '24-1001', Cost_Code: '03300', Description: 'Cast-in-place concrete' },
    };
    expect(await executor.run(command)).toMatchObject({ status: 'ok', stored: { Cost_Code: '03-300' } });
    const before = writes('JCM_MASTER__COST_CODE');
    expect(await executor.run(command)).toMatchObject({ status: 'ok', alreadyApplied: true });
    expect(writes('JCM_MASTER__COST_CODE')).toBe(before);
  });

  it('modifies an existing vendor and refuses a missing one', async () => {
    const modified = await executor.run({
      id: 'c1',
      key: 'r_3:vendor:ACME',
      op: 'modify',
      table: 'APM_MASTER__VENDOR',
      row: { Vendor: 'ACME', City: 'Springfield' },
    });
    expect(modified).toMatchObject({
      status: 'ok',
      created: false,
      stored: { Vendor: 'ACME', City: 'Springfield' },
    });
    const missing = await executor.run({
      id: 'c2',
      key: 'r_4:vendor:NOPE',
      op: 'modify',
      table: 'APM_MASTER__VENDOR',
      row: { Vendor: 'NOPE', City: 'Springfield' },
    });
    expect(missing).toMatchObject({ status: 'refused', errors: [{ message: 'Vendor NOPE does not exist' }] });
  });
});
