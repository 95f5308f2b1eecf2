import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';

const repository = join(import.meta.dirname, '../../..');
/** A `ledgergate`-like program with only this command registered (main.ts wires it for real). */
const program = `
import { Command } from 'commander';
import { registerSimSpectrum } from './src/cli/sim-spectrum.ts';
const program = new Command('ledgergate');
registerSimSpectrum(program);
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

interface RunningCli {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  output: () => string;
}

/** Starts `ledgergate sim spectrum ARGS` and waits for its "listening on" line. */
async function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', program, 'sim', 'spectrum', '--port', '0', ...args],
    { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // The last line the command prints before it handles signals.
  const ready = args.includes('--oauth') ? /client id \S+\n/ : /listening on .*\n/;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] && ready.test(output)) resolve(match[1]);
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

describe('ledgergate sim spectrum', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the simulator on the given port and data file until SIGTERM, then exits cleanly', async () => {
    const dataFile = join(dir, 'spectrum.db');
    const cli = await startCli(['--seed', 'empty', '--data', dataFile]);
    expect(cli.output()).toContain(`(company 001, authorization DEMO, data ${dataFile})`);

    const state = await (await fetch(`${cli.url}/_sim/state`)).json();
    expect(state).toMatchObject({ jobs: [], vendors: [], writes: { AddJob: 0 } });
    expect((await fetch(`${cli.url}/wsdls/GetJob.jws`)).status).toBe(200);

    expect(await stop(cli)).toBe(0);
    expect(cli.output()).toContain('SIGTERM received');
  });

  it('turns Enhanced Authentication on with --oauth and the given client credentials', async () => {
    const cli = await startCli(['--oauth', '--client-id', 'cli-client', '--client-secret', 'cli-secret']);
    try {
      expect(cli.output()).toContain('client id cli-client');
      expect((await fetch(`${cli.url}/vendors/001`)).status).toBe(401);
      const token = await fetch(`${cli.url}/connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'client_id=cli-client&client_secret=cli-secret&scope=spectrumapi&grant_type=client_credentials',
      });
      expect(token.status).toBe(200);
      const { access_token } = (await token.json()) as { access_token: string };
      const vendors = await fetch(`${cli.url}/vendors/001`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(vendors.status).toBe(200);
      expect(((await vendors.json()) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      expect(await stop(cli)).toBe(0);
    }
  });
});
