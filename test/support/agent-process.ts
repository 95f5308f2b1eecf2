import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ledgergate', import.meta.url));
const keptOutput = 64 * 1024;

export interface AgentProcess {
  readonly pid: number;
  /** Sends the signal and resolves once the process ended. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The tail of its stdout and stderr, for failure messages. */
  output(): string;
}

/** `ledgergate agent run` — the real CLI — in a child process, on a paired data directory. */
export function spawnAgent(dataDir: string, sageUrl: string, extra: string[] = []): AgentProcess {
  const child: ChildProcess = spawn(bin, ['agent', 'run', '--data', dataDir, '--sage', sageUrl, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-keptOutput);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid!,
    stop(signal) {
      child.kill(signal);
      return exited;
    },
    output: () => output,
  };
}
