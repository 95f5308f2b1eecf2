import type { AddressInfo } from 'node:net';
import { FaultSwitches, type Sage300Faults } from './faults.ts';
import { loadFormat } from './format.ts';
import { ReadLag } from './read-lag.ts';
import { answerRead } from './reads.ts';
import { companyName, seedCompany } from './seed.ts';
import { createSimulatorServer } from './server.ts';
import { type Sage300SimState, Sage300Store } from './store.ts';
import { addVolume, type Volume } from './volume.ts';
import { answerWrite } from './writes.ts';

export type { ActiveFaults, Sage300Faults } from './faults.ts';
export type { Sage300SimState } from './store.ts';
export type { Volume } from './volume.ts';

export interface Sage300SimulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `demo` (the default) or `empty` (the format table and the standard lists); ignored for a seeded data file. */
  seed?: 'demo' | 'empty';
  /** A SQLite file that keeps the company across restarts; in memory when absent. */
  dataFile?: string;
  /** Source of the fault decisions (default Math.random); scripted in tests. */
  random?: () => number;
  /** The clock (default Date.now): the read lag and today's date. */
  now?: () => number;
}

export interface Sage300Simulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Same as GET /_sim/state. */
  state(): Sage300SimState;
  /** Sets every switch; those left out are off. */
  setFaults(faults: Sage300Faults): void;
  /** Adds generated records for benchmarks: `jobs` jobs each with cost codes × categories so that the company holds `categories` category rows in all, and `vendors` vendors. */
  addVolume(volume: Volume): void;
  close(): Promise<void>;
}

/** Starts a simulated Sage 300 CRE company: a real HTTP server (docs/sage300-simulator.md). */
export async function startSage300Simulator(
  options: Sage300SimulatorOptions = {},
): Promise<Sage300Simulator> {
  const store = new Sage300Store(options.dataFile);
  try {
    if (store.fresh) seedCompany(store, options.seed ?? 'demo');
    const format = loadFormat(store);
    const now = options.now ?? Date.now;
    const faults = new FaultSwitches(options.random ?? Math.random);
    const lag = new ReadLag();
    const writeCalls: Record<string, number> = {};

    const server = createSimulatorServer({
      company: () => {
        const { lock } = faults.current;
        const state = lock
          ? { reachable: true, writable: false, reason: 'backup lock: the file is in use' }
          : { reachable: true, writable: true };
        return { name: store.meta('company') ?? companyName, state };
      },
      read: (table, query) =>
        answerRead(store, table, query, lag.visibleStamp(store.stamp(), now(), faults.current.readLagMs)),
      writeCalled: (body) => {
        const table = String((body as { table?: unknown } | null)?.table ?? '');
        writeCalls[table] = (writeCalls[table] ?? 0) + 1;
      },
      write: (body) => {
        const answer = answerWrite(store, format, sageDate(now()), body);
        if (answer.stamp !== undefined) lag.record(answer.stamp, now());
        return answer;
      },
      state: () => store.state(writeCalls),
      faults,
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;

    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      state: () => store.state(writeCalls),
      setFaults: (switches) => faults.set(switches),
      addVolume: (volume) => addVolume(store, format, volume),
      close: async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** `MM/DD/YYYY`, the way Sage writes dates (UTC: the simulator has no company time zone). */
function sageDate(time: number): string {
  const date = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()}`;
}
