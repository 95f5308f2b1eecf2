/** How the load tool prints its figures: latency percentiles, errors, and every process's memory and CPU. */
import type { LoadClient } from './load-client.ts';
import type { ClusterProcess, LoadCluster } from './load-cluster.ts';
import { backendsCpuSince, postgresBackendsCpuMs, processCpuMs, processRssBytes } from './process-stats.ts';

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** `n, p50, p90, p99, max` of a list of milliseconds (unsorted). */
export function latencySummary(values: number[]): string {
  if (values.length === 0) return 'n 0';
  const sorted = [...values].sort((a, b) => a - b);
  return `n ${sorted.length}, p50 ${ms(percentile(sorted, 50))}, p90 ${ms(percentile(sorted, 90))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1)!)}`;
}

/** One line per operation the client timed. */
export function printLatencies(client: LoadClient, title = 'call latency'): void {
  console.log(`${title}:`);
  for (const [operation, values] of [...client.latencies].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`  ${operation.padEnd(24)} ${latencySummary(values)}`);
}

/** Non-2xx answers by operation and status, network errors by operation and code; or none. */
export function printErrors(client: LoadClient): void {
  const errors = [...client.errors];
  if (errors.length === 0) {
    console.log('errors: none');
    return;
  }
  console.log('errors:');
  for (const [what, n] of errors.sort(([a], [b]) => a.localeCompare(b)))
    console.log(`  ${what.padEnd(40)} ${n}`);
}

/** RSS (VmRSS) and CPU time so far of each process of the run. */
export function printProcesses(processes: ClusterProcess[]): void {
  console.log('processes (RSS now, CPU time since start):');
  for (const { name, pid } of processes)
    console.log(
      `  ${name.padEnd(10)} pid ${String(pid).padEnd(8)} RSS ${mb(processRssBytes(pid)).padStart(7)}  CPU ${(processCpuMs(pid) / 1000).toFixed(1).padStart(7)} s`,
    );
}

export interface CpuSnapshot {
  processes: Map<string, number>;
  backends: Map<number, number>;
}

/** CPU time so far (ms) of each process of the run and of each PostgreSQL backend serving its database. */
export function cpuSnapshot(cluster: LoadCluster): CpuSnapshot {
  return {
    processes: new Map(cluster.processes().map(({ name, pid }) => [name, processCpuMs(pid)])),
    backends: postgresBackendsCpuMs(cluster.databaseName),
  };
}

/** CPU ms per item (an accept, a read) of each process since `before`: where a call's cost goes. */
export function printCpuPerItem(
  before: CpuSnapshot,
  cluster: LoadCluster,
  items: number,
  item: string,
): void {
  const after = cpuSnapshot(cluster);
  const spent = [...before.processes].map(([name, ms]) => [name, after.processes.get(name)! - ms] as const);
  spent.push(['PostgreSQL backends', backendsCpuSince(before.backends, after.backends)]);
  console.log(
    `CPU ms per ${item}: ${spent.map(([name, ms]) => `${name} ${(ms / items).toFixed(2)}`).join(', ')}`,
  );
}
