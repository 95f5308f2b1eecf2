import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import type { DB } from '../../src/db/schema.ts';
import { systemClock } from '../../src/domain/clock.ts';
import type { ErpRequestStatus } from '../../src/domain/lifecycle.ts';
import {
  type SpectrumSimState,
  type SpectrumSimulator,
  startSpectrumSimulator,
} from '../../src/erp/spectrum/simulator/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import type { JobQueue, QueueOptions } from '../../src/jobs/queue.ts';
import { jobHandlers } from '../../src/server.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { type Api, apiAs } from './api.ts';
import { loadTestWrites, testContext } from './context.ts';
import { type TestDatabase, useTestDatabase } from './databases.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from './factories.ts';
import { syncFromErp } from './sync.ts';

/** One record sent to the ERP and accepted, and what the ERP must hold for it afterwards. */
export interface ExportItem {
  kind: 'vendor' | 'project';
  requestId: string;
  /** Unique among the items: the vendor's or the job's name in the ERP. */
  name: string;
  /** The ERP's natural key: the vendor code or the job number. */
  erpKey: string;
  /** A project's phases in the ERP, `PHASE COSTTYPE`, sorted. */
  phases: string[];
}

/** The cost codes every project of these tests gets (on the demo company's standard list): 4 phases. */
export const projectCostCodes = [
  { code: '01-100', costTypes: ['L'] },
  { code: '03-300', costTypes: ['L', 'M'] },
  { code: '02-200', costTypes: ['E'] },
];
export const projectPhases = projectCostCodes
  .flatMap(({ code, costTypes }) => costTypes.map((type) => `${code.replace('-', '')} ${type}`))
  .sort();

export interface ExportWorld {
  app: FastifyInstance;
  ctx: WorkflowContext;
  database: TestDatabase;
  sim: SpectrumSimulator;
  companyId: string;
  pm: Api;
  approver: Api;
  /** The key that sealed the company's ERP credentials: another process needs it to open them. */
  secretKey: string;
  /** A vendor sent to the ERP (not yet accepted). `tag` keeps names unique across batches: A–Z. */
  sendVendor(tag: string, n: number): Promise<ExportItem>;
  /** A project with 3 cost codes (4 phases), sent to the ERP (not yet accepted). */
  sendProject(tag: string, n: number): Promise<ExportItem>;
  /** Accept through the API, with the item's vendor code or job number and the demo job template. */
  accept(item: ExportItem): Promise<void>;
  /** How many of the items' requests are in each status (straight from the database). */
  statusCounts(items: ExportItem[]): Promise<Partial<Record<ErpRequestStatus, number>>>;
  /** Runs the export jobs in this process with the given queue options, until stopWorkers(). */
  startWorker(options?: QueueOptions, concurrency?: number): Promise<void>;
  stopWorkers(): Promise<void>;
}

/** The answer's body when it has the status, else an error naming the call and what it answered. */
export function expectStatus(what: string, response: { status: number; body: unknown }, status: number) {
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/**
 * A company of its own in the world's database, connected to `sim` through the API (an app in this
 * process, or `via` any API client, e.g. over HTTP), synced once, with a project admin who sends and an
 * approver who accepts (subscribed to the daily summary unless `approverSubscribed` is false).
 */
export async function connectedCompany(
  ctx: WorkflowContext,
  sim: SpectrumSimulator,
  via: FastifyInstance | ((user: TestUser) => Api),
  options: { approverSubscribed?: boolean } = {},
) {
  const api = typeof via === 'function' ? via : (user: TestUser) => apiAs(via, user);
  const operator = await makeOperator(ctx);
  const companyId = (await makeCompany(ctx, operator, 'spectrum')).id;
  const erpAdmin = api(await makeMember(ctx, operator, companyId, { erp: 'admin' }));
  const approver = api(
    await makeMember(ctx, operator, companyId, {
      erp: 'standard',
      canPushToAccounting: true,
      subscribeDailySummary: options.approverSubscribed,
    }),
  );
  const pm = api(await makeMember(ctx, operator, companyId, { project: 'admin' }));
  expectStatus(
    'connection',
    await erpAdmin.put(`/companies/${companyId}/erp/connection`, {
      system: 'spectrum',
      baseUrl: sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      defaultTaxable: false,
    }),
    200,
  );
  await syncFromErp(ctx, companyId);
  // No scheduled sync may start in a worker process in the middle of a test; projects take their
  // blank Spectrum fields from the demo job template.
  expectStatus(
    'settings',
    await erpAdmin.put(`/companies/${companyId}/settings`, {
      syncSchedule: 'off',
      defaultJobTemplate: 'TEMPLATE1',
    }),
    200,
  );

  const c = `/companies/${companyId}`;
  const sendVendor = async (tag: string, n: number): Promise<ExportItem> => {
    const name = `${tag} Crash Supply ${n}`;
    const vendor = expectStatus('vendor', await pm.post(`${c}/vendors`, { name, active: true }), 201);
    const sent = expectStatus('send', await pm.post(`${c}/vendors/${vendor.id}/send-to-erp`), 201);
    return { kind: 'vendor', requestId: sent.requestId as string, name, erpKey: `${tag}V${n}`, phases: [] };
  };
  const sendProject = async (tag: string, n: number): Promise<ExportItem> => {
    const name = `${tag} Crash Tower ${n}`;
    const number = `${tag}P${n}`;
    const project = expectStatus(
      'project',
      await pm.post(`${c}/projects`, { name, number, active: true }),
      201,
    );
    for (const costCode of projectCostCodes)
      expectStatus('cost code', await pm.post(`${c}/projects/${project.id}/cost-codes`, costCode), 201);
    const sent = expectStatus('send', await pm.post(`${c}/projects/${project.id}/send-to-erp`), 201);
    return {
      kind: 'project',
      requestId: sent.requestId as string,
      name,
      erpKey: number,
      phases: projectPhases,
    };
  };
  const accept = async (item: ExportItem) => {
    const options =
      item.kind === 'vendor'
        ? { vendorCode: item.erpKey }
        : { jobNumber: item.erpKey, jobTemplate: 'TEMPLATE1' };
    expectStatus(
      `accept ${item.name}`,
      await approver.post(`${c}/erp/requests/${item.requestId}/accept`, { version: 1, ...options }),
      202,
    );
  };
  return { companyId, erpAdmin, pm, approver, sendVendor, sendProject, accept };
}

/**
 * A company connected to a real Spectrum simulator (demo seed) over a real socket, for the export engine's
 * stress tests. Unlike `useErpWorld`, no worker runs until the test starts one (in this process, or a
 * `ledgergate worker` process given `secretKey`), the company's scheduled sync is off, and items are made
 * in bulk with natural keys the test can count in the simulator.
 */
export function useExportWorld(dialect: Dialect): { readonly current: ExportWorld } {
  const db = useTestDatabase(dialect);
  const holder = { current: undefined as unknown as ExportWorld };
  const workers: JobQueue[] = [];
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const database = db.current;
    const key = randomBytes(32);
    const ctx = testContext(database, systemClock, { secretKey: key });
    await ctx.queue.prepare();
    const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
    await app.ready();
    const sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
    cleanup = async () => {
      await Promise.all(workers.splice(0).map((queue) => queue.stop()));
      await app.close();
      await ctx.queue.stop();
      await sim.close();
    };

    const { companyId, pm, approver, sendVendor, sendProject, accept } = await connectedCompany(
      ctx,
      sim,
      app,
    );
    const statusCounts = (items: ExportItem[]) => requestStatusCounts(database.db, items);
    const startWorker = async (options: QueueOptions = {}, concurrency = 4) => {
      const queue = createJobQueue(database, options);
      workers.push(queue);
      await queue.start(jobHandlers(ctx), { concurrency });
    };
    const stopWorkers = async () => {
      await Promise.all(workers.splice(0).map((queue) => queue.stop()));
    };
    holder.current = {
      app,
      ctx,
      database,
      sim,
      companyId,
      pm,
      approver,
      secretKey: key.toString('hex'),
      sendVendor,
      sendProject,
      accept,
      statusCounts,
      startWorker,
      stopWorkers,
    };
  });
  afterAll(async () => {
    await cleanup?.();
  });
  return holder;
}

/** How many of the items' requests are in each status (straight from the database). */
export async function requestStatusCounts(
  db: Kysely<DB>,
  items: ExportItem[],
): Promise<Partial<Record<ErpRequestStatus, number>>> {
  const rows = await db
    .selectFrom('erp_requests')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(
      'id',
      'in',
      items.map((item) => item.requestId),
    )
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/**
 * The items whose records in the simulator are not exactly one per natural key: a vendor must be there
 * once under its name, with its code; a project's job once under its name, with its number, and with
 * exactly its phases (each once). Returns one line per discrepancy.
 */
export function misrecorded(state: SpectrumSimState, items: ExportItem[]): string[] {
  const count = <T>(list: T[], key: (record: T) => string) => {
    const counts = new Map<string, T[]>();
    for (const record of list) counts.set(key(record), [...(counts.get(key(record)) ?? []), record]);
    return counts;
  };
  const vendorsByName = count(state.vendors, (v) => v.Vendor_Name);
  const jobsByName = count(state.jobs, (j) => j.Job_Description);
  const phasesByJob = count(state.phases, (p) => p.Job_Number);
  const problems: string[] = [];
  for (const item of items) {
    if (item.kind === 'vendor') {
      const found = vendorsByName.get(item.name) ?? [];
      if (found.length !== 1 || found[0]!.Vendor_Code !== item.erpKey)
        problems.push(`vendor ${item.name}: ${found.length} records (${found.map((v) => v.Vendor_Code)})`);
    } else {
      const found = jobsByName.get(item.name) ?? [];
      if (found.length !== 1 || found[0]!.Job_Number !== item.erpKey)
        problems.push(`job ${item.name}: ${found.length} records (${found.map((j) => j.Job_Number)})`);
      const phases = (phasesByJob.get(item.erpKey) ?? []).map((p) => `${p.Phase_Code} ${p.Cost_Type}`).sort();
      if (phases.join() !== item.phases.join())
        problems.push(`job ${item.erpKey} phases: ${phases.join(', ')}`);
    }
  }
  return problems;
}

/**
 * Waits until every item's request is synced; throws as soon as one failed (with its error), or with the
 * counts per status once `timeoutMs` passed.
 */
export async function untilAllSynced(db: Kysely<DB>, items: ExportItem[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await requestStatusCounts(db, items);
    if (counts.synced === items.length) return;
    if (counts.failed) {
      const failed = await db
        .selectFrom('erp_requests')
        .select(['subject_label', 'error'])
        .where('status', '=', 'failed')
        .where(
          'id',
          'in',
          items.map((item) => item.requestId),
        )
        .execute();
      throw new Error(`${failed.length} exports failed: ${JSON.stringify(failed.slice(0, 5))}`);
    }
    if (Date.now() > deadline)
      throw new Error(`not all synced within ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `work` over `items`, `limit` at a time, in order of start. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
