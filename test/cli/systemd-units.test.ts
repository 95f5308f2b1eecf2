import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseEnv, promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hangingCloseMs } from '../../src/cli/process.ts';
import { dialects, until } from '../support/databases.ts';
import {
  connectedCompany,
  type ExportItem,
  misrecorded,
  untilAllSynced,
  useExportWorld,
} from '../support/export-world.ts';
import { freePort } from '../support/free-port.ts';
import { apiOverHttp, type FailoverCounts } from '../support/http-api.ts';
import type { LedgergateProcess } from '../support/ledgergate-process.ts';
import { readServiceUnit, type ServiceUnit, startServiceUnit } from '../support/systemd-unit.ts';

const checkout = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const unitsDir = join(checkout, 'deploy/systemd');
/** Short, so a stop that waits out the deadline is quick to test. */
const shutdownTimeoutMs = 2_000;

/** Every unit's instances as the README enables them, the installation paths moved to `moved`. */
function unitInstances(moved: Record<string, string>) {
  return {
    api: (port: number) => readServiceUnit(join(unitsDir, 'ledgergate-api@.service'), String(port), moved),
    worker: (n: number) => readServiceUnit(join(unitsDir, 'ledgergate-worker@.service'), String(n), moved),
  };
}

/** `systemctl stop`: the unit's kill signal, and how the process ended and how long it took. */
async function stopUnit(unit: ServiceUnit, process: LedgergateProcess) {
  const began = Date.now();
  const end = await process.stop(unit.killSignal);
  return { ...end, ms: Date.now() - began };
}

/**
 * The deployment of the README's "Running several processes" on PostgreSQL, from the files in
 * deploy/systemd: checked by systemd's own verifier, then started as systemd would start them (this
 * machine's PID 1 is not systemd): two API processes and two workers, their health checks, exports through
 * both APIs, a stop within the deadline while an export hangs, and a rolling restart under traffic.
 */
describe.runIf(dialects.includes('postgres'))('the systemd units on PostgreSQL', () => {
  const w = useExportWorld('postgres');
  const scratch = mkdtempSync(join(tmpdir(), 'ledgergate-units-'));
  const running: LedgergateProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((process) => process.stop('SIGKILL')));
    rmSync(scratch, { recursive: true, force: true });
  });

  it('pass systemd-analyze verify, and leave the shutdown deadline room within TimeoutStopSec', async () => {
    // Copies with the installation paths moved here (verify checks that ExecStart exists), one per instance.
    const dir = join(scratch, 'verify');
    const moved = {
      '/opt/ledgergate': checkout,
      '/etc/ledgergate/ledgergate.env': join(unitsDir, 'ledgergate.env'),
    };
    mkdirSync(dir);
    const copy = (file: string, as: string) => {
      let text = readFileSync(join(unitsDir, file), 'utf8');
      for (const [from, to] of Object.entries(moved)) text = text.replaceAll(from, to);
      writeFileSync(join(dir, as), text);
    };
    copy('ledgergate.target', 'ledgergate.target');
    for (const port of [8081, 8082]) copy('ledgergate-api@.service', `ledgergate-api@${port}.service`);
    for (const n of [1, 2]) copy('ledgergate-worker@.service', `ledgergate-worker@${n}.service`);
    const verified = await promisify(execFile)('systemd-analyze', [
      'verify',
      ...['ledgergate.target', 'ledgergate-api@8081.service', 'ledgergate-worker@1.service'].map((name) =>
        join(dir, name),
      ),
    ]);
    expect(verified.stderr).toBe('');

    const example = parseEnv(readFileSync(join(unitsDir, 'ledgergate.env'), 'utf8'));
    const units = unitInstances(moved);
    for (const unit of [units.api(8081), units.worker(1)]) {
      expect(unit.killSignal).toBe('SIGTERM');
      expect(unit.timeoutStopSec * 1_000).toBeGreaterThanOrEqual(
        Number(example.SHUTDOWN_TIMEOUT_MS) + hangingCloseMs,
      );
    }
  });

  it('run two APIs and two workers: health, exports, a stop within the deadline, a rolling restart', async () => {
    const { ctx, sim, database, secretKey } = w.current;
    const envFile = join(scratch, 'ledgergate.env');
    writeFileSync(
      envFile,
      [
        `DATABASE_URL=${database.scratch.url}`,
        `LEDGERGATE_SECRET_KEY=${secretKey}`,
        `DATA_DIR=${scratch}`,
        'HOST=127.0.0.1',
        'LOG_LEVEL=info',
        // The test's Spectrum simulator is on this machine.
        'ERP_ALLOW_LOOPBACK=true',
        `SHUTDOWN_TIMEOUT_MS=${shutdownTimeoutMs}`,
        'RATE_LIMIT_PER_MINUTE=100000',
      ].join('\n'),
    );
    const units = unitInstances({ '/opt/ledgergate': checkout, '/etc/ledgergate/ledgergate.env': envFile });
    const ports = [await freePort(), await freePort()];
    const api = ports.map((port) => units.api(port));
    const worker = [units.worker(1), units.worker(2)];
    const start = async (unit: ServiceUnit) => {
      const process = startServiceUnit(unit);
      running.push(process);
      await process.ready;
      return process;
    };
    const apis = await Promise.all(api.map(start));
    const workers = await Promise.all(worker.map(start));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);

    // Health checks, as a proxy or a monitor would ask them.
    for (const url of urls) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ ok: true, database: 'reachable' });
    }

    // Exports through both API processes (in turn), run by the worker processes.
    const counts: FailoverCounts = { unavailable: 0, unreachable: 0 };
    const company = await connectedCompany(ctx, sim, (user) =>
      apiOverHttp(() => urls, user.token, { counts }),
    );
    const items: ExportItem[] = [];
    for (let n = 1; n <= 8; n++) items.push(await company.sendVendor('U', n));
    for (const item of items) await company.accept(item);
    await untilAllSynced(w.current.database.db, items, 20_000);

    // `systemctl stop` of both workers while an export hangs on the ERP: the idle one exits at once, the
    // busy one when the deadline passes, handing the job back (no lease to wait out) instead of being killed.
    sim.setFaults({ latencyMs: 120_000 });
    const hanging = await company.sendVendor('U', 9);
    await company.accept(hanging);
    await until(async () => (await ctx.queue.stats()).running === 1, 10_000);
    const stopped = await Promise.all(workers.map((process, i) => stopUnit(worker[i]!, process)));
    for (const end of stopped) {
      expect(end).toMatchObject({ code: 0, signal: null });
      expect(end.ms).toBeLessThan(shutdownTimeoutMs + hangingCloseMs);
    }
    expect(Math.max(...stopped.map((end) => end.ms))).toBeGreaterThanOrEqual(shutdownTimeoutMs - 100);
    expect(await ctx.queue.stats()).toEqual({ waiting: 1, running: 0, dead: 0 });
    sim.setFaults({ latencyMs: 0 });
    const restarted = await Promise.all(worker.map(start));
    await untilAllSynced(w.current.database.db, [...items, hanging], 20_000);
    expect(misrecorded(sim.state(), [...items, hanging])).toEqual([]);

    // A rolling restart, one API process at a time, while requests keep coming: none is lost.
    let traffic = true;
    let served = 0;
    const load = (async () => {
      for (let n = 10; traffic; n++) {
        const item = await company.sendVendor('U', n);
        await company.accept(item);
        items.push(item);
        served++;
      }
    })();
    for (const [i, process] of apis.entries()) {
      await sleep(300);
      const end = await stopUnit(api[i]!, process);
      expect(end).toMatchObject({ code: 0, signal: null });
      apis[i] = await start(api[i]!);
      await until(async () => (await fetch(`${urls[i]}/readyz`)).status === 200);
    }
    await sleep(300);
    traffic = false;
    await load;
    expect(served).toBeGreaterThan(2);
    await untilAllSynced(w.current.database.db, items, 20_000);
    expect(misrecorded(sim.state(), items)).toEqual([]);
    console.log(
      `[units] rolling restart: ${served} sends and accepts went on; tries moved to the other process: ${counts.unavailable} answered 503 or busy, ${counts.unreachable} unreachable`,
    );
    for (const process of [...apis, ...restarted])
      expect(await process.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 120_000);
});
