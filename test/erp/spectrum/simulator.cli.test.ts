import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('ledgergate sim spectrum', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the simulator on the given port and data file until SIGTERM, then exits cleanly', async () => {
    const dataFile = join(dir, 'spectrum.db');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        program,
        'sim',
        'spectrum',
        '--port',
        '0',
        '--seed',
        'empty',
        '--data',
        dataFile,
      ],
      { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    expect(output).toContain(`(company 001, authorization DEMO, data ${dataFile})`);

    const state = await (await fetch(`${url}/_sim/state`)).json();
    expect(state).toMatchObject({ jobs: [], vendors: [], writes: { AddJob: 0 } });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain('SIGTERM received');
  });
});
