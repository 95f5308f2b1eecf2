import type { Kysely, Selectable } from 'kysely';
import { toJson } from '../../db/json.ts';
import type { DB, SyncRunsTable } from '../../db/schema.ts';
import { type ErpJobCost, NotConnectedErpError, RejectedErpError } from '../../erp/connector.ts';
import type { JobContext } from '../../jobs/queue.ts';
import { errorMessage } from '../../jobs/retry.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { recordCompanyEvent } from '../shared/company-events.ts';
import type { SyncCounts, SyncJob } from './syncRuns.ts';
import { type ErpReadings, readStoredMirror, writeMirror } from './writeMirror.ts';

type SyncRun = Selectable<SyncRunsTable>;
type Outcome = { status: 'succeeded'; counts: SyncCounts } | { status: 'failed'; error: string };

/** Linked jobs whose costs are read at once: the reads overlap without crowding out the exports. */
const jobCostReads = 2;

/**
 * Everything the mirror holds, read from the company's ERP; job costs only for jobs linked to a project,
 * read alongside the lists (a linked job the ERP no longer has answers no costs and is left out).
 */
async function readErp(ctx: WorkflowContext, companyId: string, linked: string[]): Promise<ErpReadings> {
  const connector = await ctx.erp.forCompany(companyId);
  const waiting = [...linked];
  const costs = new Map<string, ErpJobCost[]>();
  const readCosts = async () => {
    for (let job = waiting.shift(); job !== undefined; job = waiting.shift())
      costs.set(job, await connector.listJobCosts(job));
  };
  const [jobs, templates, costCodes, costTypes, vendors] = await Promise.all([
    connector.listJobs(),
    connector.listJobTemplates(),
    connector.listStandardCostCodes(),
    connector.listCostTypes(),
    connector.listVendors(),
    ...Array.from({ length: jobCostReads }, readCosts),
  ]);
  const inErp = new Set(jobs.map((job) => job.jobNumber));
  return {
    jobs,
    templates: new Set(templates.map((job) => job.jobNumber)),
    costCodes,
    costTypes,
    vendors,
    jobCosts: new Map([...costs].filter(([job]) => inErp.has(job))),
  };
}

/** Ends the run, once: a second delivery of the job finds it finished and changes nothing. */
async function finish(
  ctx: WorkflowContext,
  trx: Kysely<DB>,
  run: SyncRun,
  outcome: Outcome,
  at: Date,
): Promise<void> {
  const ended = await trx
    .updateTable('sync_runs')
    .set({
      status: outcome.status,
      counts: outcome.status === 'succeeded' ? toJson(outcome.counts) : null,
      error: outcome.status === 'failed' ? outcome.error : null,
      finished_at: at.toISOString(),
    })
    .where('id', '=', run.id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (ended.numUpdatedRows !== 1n) return;
  await recordAudit(trx, {
    companyId: run.company_id,
    actor: null,
    action: 'erp_sync.finished',
    subjectType: 'sync_run',
    subjectId: run.id,
    after: { trigger: run.trigger, ...outcome },
    at,
  });
  await recordCompanyEvent(trx, ctx, {
    companyId: run.company_id,
    type: 'sync.finished',
    data: {
      syncRunId: run.id,
      status: outcome.status,
      counts: outcome.status === 'succeeded' ? { ...outcome.counts } : null,
    },
    at,
  });
}

/**
 * The sync job: reads the ERP and writes the mirror. Reading comes first, outside any transaction (it
 * may take a while); the mirror, the run's outcome and its audit row are then written in one
 * transaction, so a run is `succeeded` exactly when its data is in. A transient failure (or anything
 * unexpected) leaves the run `running` and lets the queue retry with backoff until the attempts run out;
 * the ERP refusing us, or no connection at all, fails the run at once with the reason.
 */
export async function syncCompany(ctx: WorkflowContext, payload: unknown, job: JobContext): Promise<void> {
  const { syncRunId } = payload as SyncJob;
  const { db } = ctx.database;
  const run = await db.selectFrom('sync_runs').selectAll().where('id', '=', syncRunId).executeTakeFirst();
  if (!run || run.status === 'succeeded' || run.status === 'failed') return;
  await db
    .updateTable('sync_runs')
    .set({ status: 'running', started_at: ctx.clock.now().toISOString() })
    .where('id', '=', run.id)
    .where('status', '=', 'queued')
    .execute();

  try {
    const linked = (
      await db
        .selectFrom('projects')
        .select('erp_job_number')
        .distinct()
        .where('company_id', '=', run.company_id)
        .where('erp_job_number', 'is not', null)
        .orderBy('erp_job_number')
        .$narrowType<{ erp_job_number: string }>()
        .execute()
    ).map((row) => row.erp_job_number);
    const [readings, stored] = await Promise.all([
      readErp(ctx, run.company_id, linked),
      readStoredMirror(db, run.company_id, linked),
    ]);
    const now = ctx.clock.now();
    await db.transaction().execute(async (trx) => {
      const changed = await writeMirror(trx, run.company_id, readings, stored, now);
      const counts: SyncCounts = {
        jobs: readings.jobs.length,
        jobTemplates: readings.templates.size,
        costCodes: readings.costCodes.length,
        costTypes: readings.costTypes.length,
        vendors: readings.vendors.length,
        jobCosts: [...readings.jobCosts.values()].reduce((n, costs) => n + costs.length, 0),
        changed,
      };
      await finish(ctx, trx, run, { status: 'succeeded', counts }, now);
    });
  } catch (error) {
    const final =
      error instanceof RejectedErpError ||
      error instanceof NotConnectedErpError ||
      job.attempt >= job.maxAttempts;
    if (!final) throw error;
    const failed: Outcome = { status: 'failed', error: errorMessage(error) };
    await db.transaction().execute((trx) => finish(ctx, trx, run, failed, ctx.clock.now()));
  }
}
