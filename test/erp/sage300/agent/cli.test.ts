import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSage300Simulator } from '../../../../src/erp/sage300/simulator/index.ts';
import { startFakeHub } from './fake-hub.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../../bin/ledgergate');

describe('ledgergate agent', () => {
  let hub: Awaited<ReturnType<typeof startFakeHub>>;
  let root: string;
  beforeAll(async () => {
    hub = await startFakeHub({ upgrade: 401 });
    root = mkdtempSync(join(tmpdir(), 'ledgergate-agent-cli-'));
  });
  afterAll(async () => {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('activates: keeps the pairing in agent.json readable by its owner only', async () => {
    const data = join(root, 'paired');
    const { stdout } = await run(bin, [
      'agent',
      'activate',
      '--hub',
      hub.url,
      '--code',
      'GOOD-CODE',
      '--data',
      data,
    ]);
    expect(stdout).toContain('paired with Demo Builders');
    const path = join(data, 'agent.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      hub: hub.url,
      agentKey: hub.agentKey,
      companyId: 'c_1',
      companyName: 'Demo Builders',
      pairedAt: expect.any(String),
    });
  });

  it('says why the hub refused an activation code', async () => {
    const args = [
      'agent',
      'activate',
      '--hub',
      hub.url,
      '--code',
      'OLD-CODE',
      '--data',
      join(root, 'refused'),
    ];
    await expect(run(bin, args)).rejects.toThrow('the activation code has expired');
  });

  it('runs until SIGTERM, answering the hub, then stops cleanly', async () => {
    const sim = await startSage300Simulator();
    const liveHub = await startFakeHub({ upgrade: 'accept' });
    const data = join(root, 'live');
    await run(bin, ['agent', 'activate', '--hub', liveHub.url, '--code', 'GOOD-CODE', '--data', data]);
    const child = spawn(bin, ['agent', 'run', '--sage', sim.url, '--data', data, '--transport', 'ws'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await vi.waitUntil(() => liveHub.messages.some((m) => m.type === 'hello'), { timeout: 20_000 });
      liveHub.send({
        id: 'cmd-1',
        key: 'find',
        op: 'find',
        table: 'JCM_MASTER__JOB',
        row: { Job: '241001' },
      });
      await vi.waitUntil(() => liveHub.results().length, { timeout: 5_000 });
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await liveHub.close();
      await sim.close();
    }
  });

  it('exits with code 2 when the hub refuses the key of a paired agent', async () => {
    const data = join(root, 'paired');
    // Sage is not running: the agent still links to the hub and reports Sage unreachable.
    const child = spawn(bin, ['agent', 'run', '--sage', 'http://127.0.0.1:9', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output).toContain('it was unpaired; run `ledgergate agent activate` with a new code');
  });
});
