import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ledgergate', import.meta.url));

/** How much of a worker's output is kept (its tail), for failure messages. */
const keptOutput = 64 * 1024;

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves once the worker logged `worker started`; rejects if it exited first. */
  readonly ready: Promise<void>;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The tail of its stdout and stderr. */
  output(): string;
}

/**
 * `ledgergate worker` — the real CLI — in a child process of its own, on `DATABASE_URL` with the secret key
 * that sealed the ERP connections and the given extra environment (e.g. `JOB_LEASE_MS`).
 */
export function spawnWorker(
  env: { DATABASE_URL: string; LEDGERGATE_SECRET_KEY: string } & NodeJS.ProcessEnv,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-worker-'));
  const child: ChildProcess = spawn(bin, ['worker'], {
    // The test's Spectrum simulator listens on loopback.
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', ERP_ALLOW_LOOPBACK: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-keptOutput);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('"worker started"')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`the worker exited (${code ?? signal}) before it started:\n${output}`)),
    );
  });
  ready.catch(() => {}); // a caller that never awaits `ready` must not get an unhandled rejection
  const worker: WorkerProcess = {
    pid: child.pid!,
    ready,
    stop: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    output: () => output,
  };
  return worker;
}
