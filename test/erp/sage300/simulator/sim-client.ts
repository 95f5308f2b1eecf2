import { afterAll, beforeAll } from 'vitest';
import {
  type Sage300Simulator,
  type Sage300SimulatorOptions,
  startSage300Simulator,
} from '../../../../src/erp/sage300/simulator/index.ts';

/** What a test reads back from a write or a read: the status and the JSON body. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests look into JSON answers of many shapes
  body: any;
}

/** A simulator started before the file's tests and closed after them. */
export function useSimulator(options: Sage300SimulatorOptions = {}): { readonly sim: Sage300Simulator } {
  const world = {} as { sim: Sage300Simulator };
  beforeAll(async () => {
    world.sim = await startSage300Simulator(options);
  });
  afterAll(() => world.sim?.close());
  return world;
}

export async function write(
  sim: Sage300Simulator,
  table: string,
  action: string,
  row: Record<string, unknown>,
  lines?: Record<string, unknown>[],
  init: RequestInit = {},
): Promise<Answer> {
  const response = await fetch(`${sim.url}/write`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ table, action, row, ...(lines ? { lines } : {}) }),
    ...init,
  });
  return { status: response.status, body: await response.json() };
}

export async function read(
  sim: Sage300Simulator,
  table: string,
  query: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${sim.url}/tables/${table}?${new URLSearchParams(query)}`);
  return { status: response.status, body: await response.json() };
}
