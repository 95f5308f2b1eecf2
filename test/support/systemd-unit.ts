import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { type LedgergateProcess, spawnProcess } from './ledgergate-process.ts';

/** What of a unit's `[Service]` section starting and stopping it takes, as systemd reads it. */
export interface ServiceUnit {
  execStart: string[];
  workingDirectory: string;
  environmentFile: string;
  environment: Record<string, string>;
  killSignal: NodeJS.Signals;
  timeoutStopSec: number;
}

/**
 * Reads a template unit for one instance (`%i`), with its installation paths moved (`/opt/ledgergate` to
 * this checkout, `/etc/ledgergate/…` to a test's file). Only the settings our units use are read, one
 * assignment per line; `systemd-analyze verify` checks the files as a whole.
 */
export function readServiceUnit(path: string, instance: string, moved: Record<string, string>): ServiceUnit {
  let text = readFileSync(path, 'utf8').replaceAll('%i', instance);
  for (const [from, to] of Object.entries(moved)) text = text.replaceAll(from, to);
  const service = text.split(/^\[/m).find((section) => section.startsWith('Service]')) ?? '';
  const settings = new Map<string, string[]>();
  for (const line of service.split('\n').slice(1)) {
    const match = /^(\w+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  const one = (key: string) => {
    const values = settings.get(key);
    if (values?.length !== 1) throw new Error(`${path}: expected one ${key}=, found ${values?.length ?? 0}`);
    return values[0]!;
  };
  return {
    execStart: one('ExecStart').split(/\s+/),
    workingDirectory: one('WorkingDirectory'),
    environmentFile: one('EnvironmentFile'),
    environment: Object.fromEntries(
      (settings.get('Environment') ?? []).map((assignment) => {
        const [name, ...value] = assignment.split('=');
        return [name!, value.join('=')];
      }),
    ),
    killSignal: one('KillSignal') as NodeJS.Signals,
    timeoutStopSec: Number(one('TimeoutStopSec')),
  };
}

/**
 * Starts the unit's process as systemd would: its ExecStart in its WorkingDirectory, with the variables
 * of its EnvironmentFile and then its Environment= lines (and PATH, for `#!/usr/bin/env node`).
 */
export function startServiceUnit(unit: ServiceUnit): LedgergateProcess {
  const [command, ...args] = unit.execStart;
  const fromFile = parseEnv(readFileSync(unit.environmentFile, 'utf8'));
  return spawnProcess(
    command!,
    args,
    { PATH: process.env.PATH, ...fromFile, ...unit.environment },
    unit.workingDirectory,
  );
}
