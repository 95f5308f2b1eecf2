import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createExportHandler } from '../../src/workflows/queue/export-erp-request.ts';
import {
  exportInterruptions,
  exportJobKind,
  exportJobMaxAttempts,
} from '../../src/workflows/queue/export-job.ts';
import { dialects } from '../support/databases.ts';
import {
  type ExportItem,
  forEachLimited,
  misrecorded,
  untilAllSynced,
  useExportWorld,
} from '../support/export-world.ts';
import { type LedgergateProcess, spawnLedgergate } from '../support/ledgergate-process.ts';
import { seededRandom } from '../support/seeded-random.ts';

const projects = 150;
const vendors = 150;
/**
 * A job is counted as an attempt each time it is claimed, so a job cut short by every kill uses one
 * attempt per kill. 12 cannot exhaust an export: its job may be claimed `exportJobMaxAttempts` (30) times,
 * and only `exportInterruptions` (20) runs cut short fail it (see src/workflows/queue/export-job.ts).
 */
const kills = 12;
/**
 * Kills that must land while exports are under way. A quick machine syncs everything before the last
 * few kills (those are then skipped); a slow one gets all 12 in.
 */
const minKillsMidRun = 8;
/** Short leases, so that the jobs of a killed worker run again within a second (JOB_LEASE_MS). */
const leaseMs = 1_000;
/**
 * Jobs each worker runs at once (WORKER_CONCURRENCY). Not the default 128: with answers 50 ms apart and 8
 * SDX calls in flight, 128 exports sharing the sockets all finish seconds later, after the worker's life
 * (and its fetched jobs then wait out the lease), so kills would land where nothing is written.
 */
const concurrency = 32;
/** A worker is killed this long after it said it started: from its first claim to well into its work. */
const lifeMs = { min: 0, max: 1_500 };
/**
 * Each simulator answer waits this long, as a Spectrum server across a network would: it spreads the 300
 * exports over all the kills, and a project (about 9 SDX calls) spends most of its export between its
 * AddJob and its last AddPhase, where a kill is most dangerous.
 */
const simLatencyMs = 50;

/**
 * The export engine survives its worker process being killed at any moment: 300 accepted items (vendors,
 * and projects whose export is ~13 SDX calls), a real `ledgergate worker` process SIGKILLed up to 12 times at
 * seeded random moments and restarted each time; every item ends synced with exactly one record in the
 * ERP. `CRASH_SEED=<n>` replays a run's kill moments (the timing of the machine still varies).
 */
describe.each(dialects)('worker process killed during exports on %s', (dialect) => {
  const w = useExportWorld(dialect);

  // The simulator reports each request whose client died mid-call (ECONNRESET): expected here, by the dozen.
  let abortedCalls = 0;
  beforeAll(() => {
    const original = console.error.bind(console);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (args[0] === 'Spectrum simulator:' && (args[1] as { code?: string })?.code === 'ECONNRESET')
        abortedCalls++;
      else original(...args);
    });
  });
  afterAll(() => {
    vi.mocked(console.error).mockRestore();
  });

  it('syncs every accepted item exactly once through up to 12 SIGKILLs and restarts', async () => {
    const { sim, secretKey, database } = w.current;
    expect(kills).toBeLessThan(exportInterruptions);
    const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
    const random = seededRandom(seed);
    const log = (message: string) => console.log(`[crash ${dialect}] ${message}`);
    log(`seed ${seed} (CRASH_SEED=${seed} replays these kill moments)`);

    // Vendors and projects interleaved, so every worker holds both kinds at once.
    const started = Date.now();
    const items: ExportItem[] = [];
    await forEachLimited(
      Array.from({ length: projects + vendors }, (_, i) => i),
      4,
      async (i) => {
        items.push(
          i % 2 === 0 && i / 2 < projects
            ? await w.current.sendProject('K', i)
            : await w.current.sendVendor('K', i),
        );
      },
    );
    await forEachLimited(items, 4, (item) => w.current.accept(item));
    expect(await w.current.statusCounts(items)).toEqual({ exporting: projects + vendors });
    log(`${items.length} items sent and accepted in ${Date.now() - started} ms`);

    sim.setFaults({ latencyMs: simLatencyMs });
    const env = {
      DATABASE_URL: database.scratch.url,
      LEDGERGATE_SECRET_KEY: secretKey,
      JOB_LEASE_MS: String(leaseMs),
      WORKER_CONCURRENCY: String(concurrency),
    };
    let killedMidRun = 0;
    let worker: LedgergateProcess | undefined;
    try {
      for (let kill = 1; kill <= kills && killedMidRun === kill - 1; kill++) {
        worker = spawnLedgergate(['worker'], env);
        await worker.ready;
        const life = Math.round(lifeMs.min + random() * (lifeMs.max - lifeMs.min));
        await sleep(life);
        const before = await w.current.statusCounts(items);
        const ended = await worker.stop('SIGKILL');
        expect(ended.signal).toBe('SIGKILL');
        if ((before.exporting ?? 0) > 0) killedMidRun++;
        log(
          `kill ${kill}: ${life} ms after start; ${before.synced ?? 0} synced, ${before.exporting ?? 0} exporting`,
        );
      }

      // The last restart runs until the end.
      worker = spawnLedgergate(['worker'], env);
      await worker.ready;
      await untilAllSynced(w.current.database.db, items, 60_000);
      log(`all synced ${Date.now() - started} ms after the first send`);
      expect(await worker.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } catch (error) {
      if (worker) console.error(`[crash ${dialect}] last worker's output:\n${worker.output()}`);
      throw error;
    } finally {
      await worker?.stop('SIGKILL');
    }

    // Enough kills landed while exports were under way, else the test tested less than it says.
    expect(killedMidRun).toBeGreaterThanOrEqual(minKillsMidRun);
    expect(await w.current.statusCounts(items)).toEqual({ synced: items.length });
    const state = sim.state();
    expect(misrecorded(state, items)).toEqual([]);
    // Kills landed in the middle of ERP work: SDX calls cut short (the simulator saw their connections
    // reset), or calls that had stored their record before the run died, which the next run of their
    // export found (AddVendor answered "already exists", taken as the export's own under its claim).
    // Which of the two a kill hits depends on the machine's speed; a loaded one sees mostly the second.
    const foundStored = sim.calls('AddVendor') - state.writes.AddVendor;
    log(
      `SDX calls cut off by a kill: ${abortedCalls}; vendor adds that found a cut-short run's record: ${foundStored}`,
    );
    expect(abortedCalls + foundStored).toBeGreaterThan(0);
    // Added once each: a re-run never wrote a job, a vendor or a phase a second time.
    const phases = projects * items.find((i) => i.kind === 'project')!.phases.length;
    expect([state.writes.AddJob, state.writes.AddVendor, state.writes.AddPhase]).toEqual([
      projects,
      vendors,
      phases,
    ]);
    expect(await w.current.ctx.queue.stats()).toEqual({ waiting: 0, running: 0, dead: 0 });
  }, 150_000);

  it('fails an export cut short 20 times instead of leaving it exporting; a retry starts afresh', async () => {
    const { ctx, sim, approver, companyId, database } = w.current;
    sim.setFaults({ latencyMs: 0 });
    // The queue counts a run when it starts: run N of a job had N - 1 runs before it. None of them recorded
    // an ERP fault here, so all of them were cut short by a dying worker.
    const run = async (item: ExportItem, attempt: number) => {
      const { version } = await database.db
        .selectFrom('erp_requests')
        .select('version')
        .where('id', '=', item.requestId)
        .executeTakeFirstOrThrow();
      await createExportHandler(ctx)(
        { requestId: item.requestId, version },
        {
          id: 'direct',
          kind: exportJobKind,
          attempt,
          maxAttempts: exportJobMaxAttempts,
          signal: new AbortController().signal,
        },
      );
      return (await approver.get(`/companies/${companyId}/erp/requests/${item.requestId}`)).body;
    };
    const [poison, survivor] = [await w.current.sendVendor('X', 1), await w.current.sendVendor('X', 2)];
    await w.current.accept(poison);
    await w.current.accept(survivor);

    expect(await run(survivor, exportInterruptions)).toMatchObject({ status: 'synced' });
    const failed = await run(poison, exportInterruptions + 1);
    expect(failed).toMatchObject({
      status: 'failed',
      error: {
        message: `The export was interrupted ${exportInterruptions} times: its worker stopped while running it`,
      },
    });
    expect(misrecorded(sim.state(), [poison])).toEqual([`vendor ${poison.name}: 0 records ()`]);

    const retried = await approver.post(`/companies/${companyId}/erp/requests/${poison.requestId}/retry`, {
      version: failed.version,
    });
    expect(retried.status).toBe(202);
    expect(await run(poison, 1)).toMatchObject({ status: 'synced', attempts: 1 });
    expect(misrecorded(sim.state(), [poison, survivor])).toEqual([]);
  });
});
