/**
 * Spectrum simulators in a child process of their own, as a customer's Spectrum server is another
 * machine: their CPU time is the child's own, and it can be given a core of its own (`cpus`, through
 * `taskset`). With `count`, the one child runs that many independent demo simulators (each its own
 * company `001`, on its own port), as each Ledgergate company is connected to a Spectrum company of its
 * own. Run as a script (`count` as its argument), this file is that child: it prints one URL a line
 * and lives as long as its parent keeps its stdin open.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';

export interface SimulatorChild {
  /** One URL per simulator, `count` of them. */
  urls: string[];
  pid: number;
  stop(): void;
}

/**
 * Starts the child with `count` simulators (default 1); with `cpus` (e.g. `'1'`), it runs on those CPUs
 * only (Linux `taskset`).
 */
export async function startSimulatorChild(
  options: { cpus?: string; count?: number } = {},
): Promise<SimulatorChild> {
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`expected a simulator count ≥ 1, got ${count}`);
  const node = [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), String(count)];
  const [command, ...args] = options.cpus ? ['taskset', '-c', options.cpus, ...node] : node;
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const urls: string[] = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    urls.push(line);
    if (urls.length === count) break;
  }
  if (urls.length < count) throw new Error(`the simulators did not start (${urls.length} of ${count})`);
  // Closing the line reader paused the pipe: keep draining it, so the child can never block on a write.
  child.stdout!.resume();
  return { urls, pid: child.pid!, stop: () => child.stdin!.end() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1);
  const simulators: SpectrumSimulator[] = [];
  for (let i = 0; i < count; i++) {
    const simulator = await startSpectrumSimulator({ seed: 'demo' });
    simulators.push(simulator);
    process.stdout.write(`${simulator.url}\n`);
  }
  process.stdin.resume();
  process.stdin.on(
    'end',
    () => void Promise.all(simulators.map((simulator) => simulator.close())).then(() => process.exit(0)),
  );
}
