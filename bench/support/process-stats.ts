import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** A process's CPU time so far in ms, from /proc (Linux); NaN elsewhere or once it ended. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** CPU time so far of every PostgreSQL server process on this machine (ms); 0 without /proc. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += processCpuMs(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** A process's resident set (VmRSS) in bytes, from /proc (Linux); NaN elsewhere or once it ended. */
export function processRssBytes(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time so far (ms) of each PostgreSQL backend serving `database`, by pid (Linux): unlike
 * {@link postgresCpuMs}, not moved by other databases' work on a shared server. The shared WAL writer and
 * checkpointer are not counted.
 */
export function postgresBackendsCpuMs(database: string): Map<number, number> {
  const backends = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // A backend's title: `postgres: [cluster: ]<user> <database> <client> <state>`.
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database))
        backends.set(Number(pid), processCpuMs(Number(pid)));
    } catch {
      // the process ended meanwhile
    }
  }
  return backends;
}

/** CPU ms the backends spent since `before`; a backend that ended meanwhile takes its share with it. */
export function backendsCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
