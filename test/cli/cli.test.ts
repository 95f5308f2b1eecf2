import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, dialects, type ScratchDatabase, until } from '../support/databases.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/ledgergate');

describe.each(dialects)('the ledgergate command on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-cli-'));
    env = {
      ...process.env,
      DATABASE_URL: scratch.url,
      DATA_DIR: dataDir,
      LEDGERGATE_SECRET_KEY: '',
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, then reports the database up to date', async () => {
    const first = await run(bin, ['migrate'], { env });
    expect(first.stdout).toContain('applied: 0001_foundation');
    const second = await run(bin, ['migrate'], { env });
    expect(second.stdout).toContain('up to date');
  });

  it('creates an operator, and resets the password of an existing one', async () => {
    const args = ['operator', 'create', '--email', 'Ops@Example.com', '--password', 'first-password'];
    expect((await run(bin, args, { env })).stdout).toContain('created operator ops@example.com');
    const reset = await run(bin, [...args.slice(0, 4), '--password', 'second-password'], { env });
    expect(reset.stdout).toContain('updated operator ops@example.com');
    await expect(run(bin, [...args.slice(0, 4), '--password', 'short'], { env })).rejects.toThrow(
      'at least 8',
    );
  });

  it('serves the API until SIGTERM, then stops cleanly', async () => {
    const child: ChildProcess = spawn(bin, ['serve', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const url = await until(() => /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1], 20_000);
    expect(output).toContain('LEDGERGATE_SECRET_KEY is not set');
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'second-password' }),
    });
    expect(login.status).toBe(200);
    expect(output).not.toContain('second-password');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
