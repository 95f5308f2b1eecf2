/**
 * Sage 300 CRE through the agent (issue 15), per dialect:
 *
 *   node --import tsx bench/sage300.ts     (PostgreSQL too when DATABASE_URL_TEST is set;
 *                                           BENCH_ONLY=sqlite|postgres for one)
 *
 * - accept → synced: a hub (the real app, its worker), the agent — the real CLI in its own process — and
 *   the simulated Sage company. 100 sent records (60 vendors; 40 projects with 2 cost codes × 2
 *   categories) are accepted at 5 a second through the API; each one's time from its accept to its
 *   `synced` history entry. Beside it, the simulated company's own time for one CreateOnly write.
 * - on-demand sync of 500 jobs, 20,000 categories and 2,000 vendors with every job linked to a project,
 *   against the company's raw read of the same tables (GET /tables of each, at once), in rounds of raw
 *   read, sync, raw read; the first sync of a connector reads whole tables, the later ones only rows
 *   changed since (Sage's modification stamps).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Dialect } from '../src/db/capabilities.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { systemClock } from '../src/domain/clock.ts';
import { activateAgent } from '../src/erp/sage300/agent/activate.ts';
import { startAgent } from '../src/erp/sage300/agent/agent.ts';
import { startSage300Simulator } from '../src/erp/sage300/simulator/index.ts';
import { tables } from '../src/erp/sage300/tables.ts';
import { buildApp } from '../src/http/app.ts';
import { createJobQueue } from '../src/jobs/create-queue.ts';
import { createSecretBox } from '../src/security/secret-box.ts';
import { jobHandlers } from '../src/server.ts';
import { createActivationCode } from '../src/workflows/agent/create-activation-code.ts';
import { createWorkflowContext, type WorkflowContext } from '../src/workflows/context.ts';
import { loadActor } from '../src/workflows/shared/actors.ts';
import { spawnAgent } from '../test/support/agent-process.ts';
import { apiAs } from '../test/support/api.ts';
import { loadTestWrites, testOutbound } from '../test/support/context.ts';
import { createScratchDatabase, dialects, until } from '../test/support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../test/support/factories.ts';
import { syncFromErp } from '../test/support/sync.ts';

const acceptsPerSecond = 5;
const vendorCount = 60;
const projectCount = 40;
const syncRounds = 5;
const volume = { jobs: 500, categories: 20_000, vendors: 2_000 };
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const median = (values: number[]) => percentile(values, 50);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function hub(dialect: Dialect) {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  await migrateToLatest(database);
  const queue = createJobQueue(database);
  await queue.prepare();
  const ctx = createWorkflowContext({
    database,
    queue,
    clock: systemClock,
    secrets: createSecretBox(Buffer.alloc(32, 7)),
    outbound: testOutbound,
  });
  const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx,
    app,
    url,
    async close() {
      await queue.stop();
      await app.close();
      await database.close();
      await scratch.drop();
    },
  };
}

/** A Sage company of the hub, with its agent paired (the agent's data directory is returned). */
async function pairedCompany(ctx: WorkflowContext, url: string) {
  const operator = await makeOperator(ctx);
  const companyId = (await makeCompany(ctx, operator, 'sage300')).id;
  const dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-bench-agent-'));
  const actor = (await loadActor(ctx.database.db, operator.id))!;
  const { code } = await createActivationCode(ctx, { actor, companyId });
  await activateAgent({ hub: url, code, dataDir });
  return { operator, companyId, dataDir };
}

async function acceptToSynced(dialect: Dialect) {
  const h = await hub(dialect);
  const sim = await startSage300Simulator({ port: 0, seed: 'demo' });
  const { operator, companyId: c, dataDir } = await pairedCompany(h.ctx, h.url);
  const agent = spawnAgent(dataDir, sim.url);
  try {
    await until(() => h.ctx.agents.isOnline(c).then((online) => online || undefined), 30_000, 20);
    const pm = apiAs(h.app, await makeMember(h.ctx, operator, c, { project: 'admin' }));
    const approver = apiAs(
      h.app,
      await makeMember(h.ctx, operator, c, { erp: 'standard', canPushToAccounting: true }),
    );
    await syncFromErp(h.ctx, c);
    const sent: string[] = [];
    for (let n = 0; n < vendorCount + projectCount; n++) {
      // Three vendors, then two projects, and again.
      if (n % 5 < 3) {
        const vendor = await pm.post(`/companies/${c}/vendors`, { name: `Bench Vendor ${n}`, active: true });
        sent.push((await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`)).body.requestId);
      } else {
        const project = await pm.post(`/companies/${c}/projects`, {
          name: `Bench ${n}`,
          number: `41${String(n).padStart(4, '0')}`,
          active: true,
        });
        for (const code of ['03-300', '01-100'])
          await pm.post(`/companies/${c}/projects/${project.body.id}/cost-codes`, {
            code,
            costTypes: ['L', 'M'],
          });
        sent.push((await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`)).body.requestId);
      }
    }
    await h.ctx.queue.start(jobHandlers(h.ctx), { concurrency: 4 });
    const acceptedAt = new Map<string, number>();
    const started = Date.now();
    for (const [i, id] of sent.entries()) {
      await sleep(Math.max(0, started + (i * 1000) / acceptsPerSecond - Date.now()));
      acceptedAt.set(id, Date.now());
      const accepted = await approver.post(`/companies/${c}/erp/requests/${id}/accept`, { version: 1 });
      if (accepted.status !== 202) throw new Error(JSON.stringify(accepted.body));
    }
    const events = await until(
      async () => {
        const rows = await h.ctx.database.db
          .selectFrom('erp_request_events')
          .select(['request_id', 'at'])
          .where('request_id', 'in', sent)
          .where('type', '=', 'synced')
          .execute();
        return rows.length === sent.length ? rows : undefined;
      },
      120_000,
      50,
    );
    const latencies = events.map((row) => Date.parse(row.at) - acceptedAt.get(row.request_id)!);

    // The simulated company's own time for one write, measured alone right after.
    const writes: number[] = [];
    for (let n = 0; n < 50; n++) {
      const begun = performance.now();
      const answer = await fetch(`${sim.url}/write`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          table: tables.vendor,
          action: 'CreateOnly',
          row: { Vendor: `RAW${n}`, Name: 'Raw write' },
        }),
      });
      await answer.json();
      writes.push(performance.now() - begun);
    }
    console.log(
      `${dialect}: accept → synced in Sage, ${sent.length} accepts at ${acceptsPerSecond}/s (${vendorCount} vendors, ` +
        `${projectCount} projects with 4 cost code × category rows): p50 ${median(latencies)} ms, ` +
        `p95 ${percentile(latencies, 95)} ms, p99 ${percentile(latencies, 99)} ms, max ${Math.max(...latencies)} ms ` +
        `(target p99 ≤ 2000 ms); the simulated company's own CreateOnly write: p50 ${median(writes).toFixed(1)} ms, ` +
        `p99 ${percentile(writes, 99).toFixed(1)} ms`,
    );
  } finally {
    await agent.stop('SIGTERM');
    await h.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The raw read of what a sync reads: every table at once, answers read whole, not parsed. */
async function rawRead(url: string): Promise<number> {
  const begun = performance.now();
  await Promise.all(
    [
      tables.job,
      tables.standardCostCode,
      tables.standardCategory,
      tables.vendor,
      tables.costCode,
      tables.category,
    ].map(async (table) => (await fetch(`${url}/tables/${table}`)).arrayBuffer()),
  );
  return performance.now() - begun;
}

async function onDemandSync(dialect: Dialect) {
  const h = await hub(dialect);
  const sim = await startSage300Simulator({ port: 0, seed: 'empty' });
  sim.addVolume(volume);
  const { operator, companyId: c, dataDir } = await pairedCompany(h.ctx, h.url);
  const agent = await startAgent({ dataDir, sageUrl: sim.url, log: quiet });
  try {
    await until(() => h.ctx.agents.isOnline(c).then((online) => online || undefined), 30_000, 20);
    const admin = apiAs(h.app, await makeMember(h.ctx, operator, c, { erp: 'admin', project: 'admin' }));
    await admin.put(`/companies/${c}/settings`, { syncSchedule: 'off' });
    const jobs = sim.state().tables[tables.job]!.map((row) => String(row.Job));
    for (const [j, jobNumber] of jobs.entries()) {
      const project = await admin.post(`/companies/${c}/projects`, { name: `Linked ${j}`, active: true });
      // As an import or a link leaves it.
      await h.ctx.database.db
        .updateTable('projects')
        .set({ erp_job_number: jobNumber })
        .where('id', '=', project.body.id)
        .execute();
    }
    const categories = sim.state().tables[tables.category]!.length;
    const timedSync = async () => {
      const begun = performance.now();
      await syncFromErp(h.ctx, c);
      return performance.now() - begun;
    };
    // Accounting changes one estimate in Sage between some syncs: the repeated sync then reads that row.
    const [someCategory] = sim.state().tables[tables.category]!;
    const changeOneEstimate = async (round: number) => {
      const { Job, Extra, Cost_Code, Category } = someCategory!;
      const answer = await fetch(`${sim.url}/write`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          table: tables.category,
          action: 'CreateOrModify',
          row: { Job, Extra, Cost_Code, Category, Original_Estimate: 1000 + round },
        }),
      });
      if (answer.status !== 200) throw new Error(await answer.text());
    };
    const unchanged: number[] = [];
    const oneChange: number[] = [];
    const raws: number[] = [];
    let first: number | undefined;
    for (let round = 0; round < syncRounds * 2 + 1; round++) {
      if (round > 0 && round % 2 === 0) await changeOneEstimate(round);
      const before = await rawRead(sim.url);
      const sync = await timedSync();
      const after = await rawRead(sim.url);
      raws.push(before, after);
      const ratio = sync / ((before + after) / 2);
      if (round === 0) first = ratio;
      else (round % 2 === 0 ? oneChange : unchanged).push(ratio);
      const what = round === 0 ? 'first' : round % 2 === 0 ? 'one estimate changed' : 'unchanged';
      console.log(
        `  ${dialect} round ${round + 1} (${what}): raw read ${before.toFixed(0)} / ${after.toFixed(0)} ms, ` +
          `sync ${sync.toFixed(0)} ms (${ratio.toFixed(2)} ×)`,
      );
    }
    console.log(
      `${dialect}: on-demand sync of ${jobs.length} jobs (all linked), ${categories} categories and ` +
        `${volume.vendors} vendors, against the raw read of the same tables (median ${median(raws).toFixed(0)} ms): ` +
        `first (whole tables) ${first!.toFixed(2)} ×; Sage unchanged ${median(unchanged).toFixed(2)} ×; one estimate ` +
        `changed ${median(oneChange).toFixed(2)} × (medians of ${syncRounds}; target ≤ 2 ×)`,
    );
  } finally {
    await agent.stop();
    await h.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const dialect of dialects.filter((d) => !process.env.BENCH_ONLY || d === process.env.BENCH_ONLY)) {
  await acceptToSynced(dialect);
  await onDemandSync(dialect);
}
