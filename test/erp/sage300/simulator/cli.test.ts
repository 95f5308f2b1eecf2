import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';

const repository = join(import.meta.dirname, '../../../..');

interface RunningCli {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  output: () => string;
}

/** Starts `bin/ledgergate sim sage300 --port 0 ARGS` and waits for its "listening on" line. */
async function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn(
    process.execPath,
    [join(repository, 'bin/ledgergate'), 'sim', 'sage300', '--port', '0', ...args],
    { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+).*\n/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`exited early: ${output}`)));
  });
  return { child, url, output: () => output };
}

async function stop({ child }: RunningCli): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  return code as number | null;
}

describe('ledgergate sim sage300', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sage300-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the company from its data file until SIGTERM, then exits cleanly and keeps the data', async () => {
    const dataFile = join(dir, 'sage300.db');
    const cli = await startCli(['--seed', 'empty', '--data', dataFile]);
    expect(cli.output()).toContain(`(seed empty, data ${dataFile})`);
    const state = await (await fetch(`${cli.url}/_sim/state`)).json();
    expect(state).toMatchObject({
      tables: { JCM_MASTER__JOB: [] },
      writes: { JCM_MASTER__JOB: 0 },
      rejects: 0,
    });
    const job = await fetch(`${cli.url}/write`, {
      method: 'POST',
      body: JSON.stringify({
        table: 'JCM_MASTER__JOB',
        action: 'CreateOnly',
        row: { Job: '259001', Description: 'CLI job' },
      }),
    });
    expect(job.status).toBe(200);
    expect(await stop(cli)).toBe(0);
    expect(cli.output()).toContain('SIGTERM received');

    const restarted = await startCli(['--data', dataFile]);
    try {
      const jobs = (await (await fetch(`${restarted.url}/tables/JCM_MASTER__JOB`)).json()) as {
        rows: unknown[];
      };
      expect(jobs.rows).toEqual([expect.objectContaining({ Job: '25-9001', Description: 'CLI job' })]);
    } finally {
      expect(await stop(restarted)).toBe(0);
    }
  });
});
