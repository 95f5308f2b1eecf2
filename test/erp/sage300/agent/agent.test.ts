import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunningAgent, startAgent } from '../../../../src/erp/sage300/agent/agent.ts';
import type { AgentLog } from '../../../../src/erp/sage300/agent/hub-channel.ts';
import { agentVersion } from '../../../../src/erp/sage300/agent/version.ts';
import type { AgentCommand, Heartbeat, Hello } from '../../../../src/erp/sage300/protocol.ts';
import { type Sage300Simulator, startSage300Simulator } from '../../../../src/erp/sage300/simulator/index.ts';
import { startFakeHub, type UpgradeAnswer } from './fake-hub.ts';

const findJob: AgentCommand = {
  id: 'cmd-1',
  key: 'find:24-1001',
  op: 'find',
  table: 'JCM_MASTER__JOB',
  row: { Job: '241001' },
};

describe('the agent and its link to the hub', () => {
  let sim: Sage300Simulator;
  let hub: Awaited<ReturnType<typeof startFakeHub>>;
  let dataDir: string;
  let agent: RunningAgent | undefined;
  const lines: string[] = [];
  const log: AgentLog = {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  };

  async function start(upgrade: UpgradeAnswer, transport?: 'auto' | 'ws' | 'poll') {
    hub = await startFakeHub({ upgrade });
    const pairing = {
      hub: hub.url,
      agentKey: hub.agentKey,
      companyId: 'c_1',
      companyName: 'Demo',
      pairedAt: '',
    };
    writeFileSync(join(dataDir, 'agent.json'), JSON.stringify(pairing), { mode: 0o600 });
    agent = await startAgent({ dataDir, sageUrl: sim.url, transport, log, heartbeatMs: 100 });
  }

  beforeEach(async () => {
    sim = await startSage300Simulator({ seed: 'demo' });
    dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-agent-'));
    lines.length = 0;
  });
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await hub.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says hello with Sage state and format, beats, and answers commands over the WebSocket', async () => {
    await start('accept');
    const hello = await vi.waitUntil(() => hub.messages.find((m): m is Hello => m.type === 'hello'));
    expect(hello).toEqual({
      type: 'hello',
      version: agentVersion,
      sage: { reachable: true, writable: true },
      format: { jobMask: 'XX-XXXX', costCodeMask: 'XX-XXX', commitmentIdLength: 12 },
    });
    sim.setFaults({ lock: true });
    const beat = await vi.waitUntil(() =>
      hub.messages.find((m): m is Heartbeat => m.type === 'heartbeat' && !m.sage.writable),
    );
    expect(beat.sage).toEqual({
      reachable: true,
      writable: false,
      reason: 'backup lock: the file is in use',
    });
    hub.send(findJob);
    const [result] = await vi.waitUntil(() => hub.results().length && hub.results());
    expect(result).toMatchObject({
      id: 'cmd-1',
      key: 'find:24-1001',
      result: { status: 'ok', rows: [{ Job: '24-1001' }] },
    });
    expect(agent?.status()).toMatchObject({ link: 'ws', companyName: 'Demo' });
  });

  it('dials again after the hub drops the socket, and answers on the new link', async () => {
    await start('accept');
    await vi.waitUntil(() => hub.messages.some((m) => m.type === 'hello'));
    hub.dropSocket();
    const hellos = () => hub.messages.filter((m) => m.type === 'hello');
    // The agent counts the link as up once the socket opens, a moment before the hub has read its hello.
    await vi.waitUntil(
      () => hub.connections() === 2 && agent?.status().link === 'ws' && hellos().length > 1,
      {
        timeout: 5_000,
      },
    );
    expect(hellos()).toHaveLength(2);
    hub.send(findJob);
    await vi.waitUntil(() => hub.results().length === 1);
  });

  it('falls back to long polling when the upgrade is answered 404', async () => {
    await start(404);
    await vi.waitUntil(() => agent?.status().link === 'poll', { timeout: 5_000 });
    expect(hub.connections()).toBe(0);
    expect(hub.polls[0]).toMatchObject({ version: agentVersion, sage: { reachable: true } });
    hub.send(findJob);
    const [result] = await vi.waitUntil(() => hub.results().length && hub.results(), { timeout: 5_000 });
    expect(result).toMatchObject({ id: 'cmd-1', result: { status: 'ok', rows: [{ Job: '24-1001' }] } });
    expect(lines).toContain('falling back to HTTPS long polling');
  });

  it('polls from the start with --transport poll', async () => {
    await start('accept', 'poll');
    await vi.waitUntil(() => agent?.status().link === 'poll', { timeout: 5_000 });
    expect(hub.connections()).toBe(0);
  });

  it('lets a running command finish and sends its result when stopped', async () => {
    await start('accept');
    await vi.waitUntil(() => hub.messages.some((m) => m.type === 'hello'));
    sim.setFaults({ slowCommitMs: 300 });
    hub.send({
      id: 'cmd-2',
      key: 'r_2:cost_code:24-1001:03-310',
      op: 'save',
      table: 'JCM_MASTER__COST_CODE',
      row: { Job: '24-1001', Cost_Code: '03-310', Description: 'Formwork' },
    });
    await vi.waitUntil(() => agent?.status().running === 1);
    await agent?.stop();
    await vi.waitUntil(() => hub.results().length);
    expect(hub.results()).toMatchObject([{ id: 'cmd-2', result: { status: 'ok', created: true } }]);
    expect(agent?.status().link).toBe('closed');
  });

  it('stops, saying it was unpaired, when the hub refuses its key', async () => {
    await start(401);
    expect(await agent?.ended).toBe('unpaired');
    expect(lines).toContain(
      "the hub refused this agent's key: it was unpaired; run `ledgergate agent activate` with a new code",
    );
    expect(agent?.status().link).toBe('unpaired');
  });
});
