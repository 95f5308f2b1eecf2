import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ledgergate', import.meta.url));

/** How much of a process's output is kept (its tail), for failure messages. */
const keptOutput = 64 * 1024;

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LedgergateProcess {
  readonly pid: number;
  /**
   * Resolves once the process said it is up (`worker started`, or a server's `listening on` line) with the
   * server's URL (undefined for a worker); rejects if it exited first.
   */
  readonly ready: Promise<string | undefined>;
  /** Resolves with how the process ended, whoever ended it. */
  readonly exited: Promise<ProcessEnd>;
  /** Sends the signal (if it still runs) and resolves with how the process ended. */
  stop(signal: NodeJS.Signals): Promise<ProcessEnd>;
  /** The tail of its stdout and stderr. */
  output(): string;
}

/** The environment every process of a test installation shares: its database and the key that sealed it. */
export type InstallationEnv = { DATABASE_URL: string; LEDGERGATE_SECRET_KEY: string } & NodeJS.ProcessEnv;

/**
 * The real CLI (`ledgergate <args>`, e.g. `worker` or `serve --no-worker --port 0`) in a child process of
 * its own, with a data directory of its own and the given environment (e.g. `JOB_LEASE_MS`).
 */
export function spawnLedgergate(args: string[], env: InstallationEnv): LedgergateProcess {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-process-'));
  const child = spawnProcess(
    bin,
    args,
    // The tests' simulators and webhook receivers listen on loopback.
    { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', ERP_ALLOW_LOOPBACK: 'true', ...env },
  );
  void child.exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  return child;
}

/** `command args` as a Ledgergate process (its output is watched for the CLI's start lines). */
export function spawnProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): LedgergateProcess {
  const child: ChildProcess = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-keptOutput);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<ProcessEnd>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string | undefined>((resolve, reject) => {
    const onData = () => {
      const listening = /Ledgergate is listening on (http:\/\/[^ "]+)/.exec(output);
      if (listening || output.includes('"worker started"')) {
        child.stdout!.off('data', onData);
        resolve(listening?.[1]);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`${command} ${args.join(' ')} exited (${code ?? signal}) before it started:\n${output}`),
      ),
    );
  });
  ready.catch(() => {}); // a caller that never awaits `ready` must not get an unhandled rejection
  return {
    pid: child.pid!,
    ready,
    exited,
    stop: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    output: () => output,
  };
}
