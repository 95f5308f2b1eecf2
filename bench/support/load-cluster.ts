/**
 * The installation the load tool drives: a scratch PostgreSQL database, N `ledgergate serve --no-worker`
 * API processes and M `ledgergate worker` processes on it, and Spectrum simulators in one child process:
 * one per company of the run (`simulators`), each that company's own Spectrum company. This process also
 * holds the database's context and an in-process app, for setup only (companies, users, connections):
 * the load itself goes over HTTP to the API processes.
 *
 * With `pinned`, the simulators' process runs on the last CPU and the Ledgergate processes on the others
 * (Linux `taskset`), so the simulators have a core budget of their own; PostgreSQL and this process are
 * not pinned.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { type Database, migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { loadTestWrites, testContext } from '../../test/support/context.ts';
import { createScratchDatabase } from '../../test/support/databases.ts';
import { type LedgergateProcess, spawnLedgergate } from '../../test/support/ledgergate-process.ts';
import { type SimulatorChild, startSimulatorChild } from './spectrum-child.ts';

export interface ClusterOptions {
  apis: number;
  workers: number;
  /** Spectrum simulators to start, one per company of the run (`simulatorUrls`). */
  simulators: number;
  pinned: boolean;
}

export interface ClusterProcess {
  /** `api-1`, `worker-2`, `simulator` (the one child process of every simulator), `bench` (this process). */
  name: string;
  pid: number;
}

export interface LoadCluster {
  ctx: WorkflowContext;
  /** In-process, on the same database, for setup calls. */
  app: FastifyInstance;
  database: Database;
  /** The scratch database's name: which PostgreSQL backends are the run's. */
  databaseName: string;
  /** One simulator per company: company `i` of the run connects to `simulatorUrls[i]` (company `001`). */
  simulatorUrls: string[];
  apiUrls: string[];
  /** Every process of the run, this one included, in start order. */
  processes(): ClusterProcess[];
  /** Stops every worker process (SIGTERM, waiting for each to end). */
  stopWorkers(): Promise<void>;
  /** Starts `count` worker processes and waits until each polls for jobs. */
  startWorkers(count: number): Promise<void>;
  /** The last lines each Ledgergate process wrote, for a failure's message. */
  outputTails(): string;
  /** Ends every child process and drops the database; safe to call twice. */
  close(): Promise<void>;
}

/** Lines of each process's output shown when a run fails. */
const tailLines = 15;
/** How long a process may take to end on SIGTERM before it is killed. */
const stopGraceMs = 15_000;

export async function startLoadCluster(options: ClusterOptions): Promise<LoadCluster> {
  const cpus = availableParallelism();
  const pinning = options.pinned && cpus > 1 && hasTaskset();
  const simulatorCpus = String(cpus - 1);
  const engineCpus = cpus > 2 ? `0-${cpus - 2}` : '0';
  const scratch = await createScratchDatabase('postgres');
  const database = openDatabase(scratch.url);
  const key = randomBytes(32);
  const apis: LedgergateProcess[] = [];
  const workers: LedgergateProcess[] = [];
  let app: FastifyInstance | undefined;
  let sim: SimulatorChild | undefined;
  let closing: Promise<void> | undefined;

  const close = () => {
    closing ??= (async () => {
      await Promise.all([...apis, ...workers].map(stopProcess));
      await app?.close();
      sim?.stop();
      await database.close();
      await scratch.drop();
    })();
    return closing;
  };
  const env = {
    DATABASE_URL: scratch.url,
    LEDGERGATE_SECRET_KEY: key.toString('hex'),
    // The per-token write limit (600 a minute) would cap a load of a few users per company.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Not `warn`: the readiness lines the spawner waits for are logged at `info` (the product's default).
    LOG_LEVEL: 'info',
  };
  const spawnReady = async (args: string[]) => {
    const child = spawnLedgergate(args, env);
    const url = await child.ready;
    if (pinning) pin(child.pid, engineCpus);
    return { child, url };
  };

  try {
    const simulator = await startSimulatorChild({
      count: options.simulators,
      ...(pinning ? { cpus: simulatorCpus } : {}),
    });
    sim = simulator;
    await migrateToLatest(database);
    const ctx = testContext(database, systemClock, { secretKey: key });
    await ctx.queue.prepare();
    app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
    await app.ready();
    const apiUrls: string[] = [];
    for (let i = 0; i < options.apis; i++) {
      const { child, url } = await spawnReady(['serve', '--no-worker', '--port', '0']);
      apis.push(child);
      apiUrls.push(url!);
    }
    const startWorkers = async (count: number) => {
      const started = await Promise.all(Array.from({ length: count }, () => spawnReady(['worker'])));
      workers.push(...started.map(({ child }) => child));
    };
    await startWorkers(options.workers);
    return {
      ctx,
      app,
      database,
      databaseName: new URL(scratch.url).pathname.slice(1),
      simulatorUrls: simulator.urls,
      apiUrls,
      processes: () => [
        ...apis.map((child, i) => ({ name: `api-${i + 1}`, pid: child.pid })),
        ...workers.map((child, i) => ({ name: `worker-${i + 1}`, pid: child.pid })),
        { name: 'simulator', pid: simulator.pid },
        { name: 'bench', pid: process.pid },
      ],
      startWorkers,
      stopWorkers: async () => {
        await Promise.all(workers.splice(0).map(stopProcess));
      },
      outputTails: () =>
        [
          ...apis.map((child, i) => [`api-${i + 1}`, child] as const),
          ...workers.map((child, i) => [`worker-${i + 1}`, child] as const),
        ]
          .map(([name, child]) => `--- ${name}:\n${child.output().split('\n').slice(-tailLines).join('\n')}`)
          .join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function stopProcess(child: LedgergateProcess): Promise<void> {
  const killer = setTimeout(() => void child.stop('SIGKILL'), stopGraceMs);
  await child.stop('SIGTERM');
  clearTimeout(killer);
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Moves every thread of a running process to these CPUs (threads it starts later inherit them). */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-pc', cpus, String(pid)], { stdio: 'ignore' });
}
