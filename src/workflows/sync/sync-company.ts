import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB, SyncRunsTable } from '../../db/schema.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { type ErpConnector, NotConnectedErpError, RejectedErpError } from '../../erp/connector.ts';
import type { JobContext } from '../../jobs/queue.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { recordCompanyEvent } from '../shared/company-events.ts';
import type { SyncCounts, SyncJob } from './sync-runs.ts';
import { type MirrorWriter, mirrorWriter, readStoredMirror, type StoredMirror } from './write-mirror.ts';

type SyncRun = Selectable<SyncRunsTable>;
type Outcome = { status: 'succeeded'; counts: SyncCounts } | { status: 'failed'; error: string };

/** Linked jobs whose costs are read at once: the reads overlap without crowding out the exports. */
const jobCostReads = 2;

/** Starts `work`; a failure surfaces where it is awaited, not as an unhandled rejection meanwhile. */
function started<T>(work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return work;
}

const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/**
 * Reads the company's ERP into its mirror: each list is compared with the stored rows (read meanwhile)
 * and written as soon as it is read, so writing overlaps the reading of the rest (even on SQLite, which
 * writes on our thread: the ERP meanwhile makes the next answers). Job costs only for jobs linked to a
 * project, read alongside the lists; a linked job the ERP no longer has is left out.
 */
async function refreshMirror(
  ctx: WorkflowContext,
  companyId: string,
  linked: string[],
  seen: Date,
  unchangedJobs: ReadonlySet<string>,
): Promise<SyncCounts> {
  const connector = await ctx.erp.forCompany(companyId);
  const { db, caps } = ctx.database;
  const stored = started(
    readStoredMirror(
      db,
      companyId,
      linked.filter((job) => !unchangedJobs.has(job)),
    ),
  );
  const writes: Promise<number>[] = [];
  const writeOnceRead = <T>(
    reading: Promise<T>,
    write: (read: T, before: StoredMirror, mirror: MirrorWriter) => Promise<number>,
  ) => {
    const read = started(reading);
    const writing = Promise.all([read, stored]).then(([value, before]) =>
      // One transaction per list: a list is in whole or not at all, for one commit.
      db.transaction().execute((trx) => write(value, before, mirrorWriter(trx, caps, companyId, seen))),
    );
    writes.push(started(writing));
    return read;
  };

  const jobLists = writeOnceRead(
    Promise.all([connector.listJobs(), connector.listJobTemplates()]).then(([jobs, templates]) => ({
      jobs,
      templates: new Set(templates.map((job) => job.jobNumber)),
    })),
    ({ jobs, templates }, before, mirror) => mirror.jobs(jobs, templates, before.jobs),
  );
  const inErp = started(jobLists.then(({ jobs }) => new Set(jobs.map((job) => job.jobNumber))));
  const waiting = [...linked];
  const costCounts: number[] = [];
  const readCosts = async () => {
    for (let job = waiting.shift(); job !== undefined; job = waiting.shift()) {
      const jobNumber = job;
      const costs = started(connector.listJobCosts(jobNumber));
      if (unchangedJobs.has(jobNumber)) {
        // The ERP says they are as the last sync wrote them: counted, not compared.
        costCounts.push((await costs).length);
        continue;
      }
      // Written once the job lists tell whether the job is still in the ERP; the next read goes on meanwhile.
      writeOnceRead(Promise.all([costs, inErp]), ([rows, jobsInErp], before, mirror) => {
        if (!jobsInErp.has(jobNumber)) return Promise.resolve(0);
        costCounts.push(rows.length);
        return mirror.jobCosts(jobNumber, rows, before.jobCosts.get(jobNumber) ?? []);
      });
      await costs;
    }
  };
  const [{ jobs, templates }, costCodes, costTypes, vendors] = await Promise.all([
    jobLists,
    writeOnceRead(connector.listStandardCostCodes(), (codes, before, mirror) =>
      mirror.costCodes(codes, before.costCodes),
    ),
    writeOnceRead(connector.listCostTypes(), (types, before, mirror) =>
      mirror.costTypes(types, before.costTypes),
    ),
    writeOnceRead(connector.listVendors(), (read, before, mirror) => mirror.vendors(read, before.vendors)),
    ...Array.from({ length: jobCostReads }, readCosts),
  ]);
  const changed = sum(await Promise.all(writes));
  return {
    jobs: jobs.length,
    jobTemplates: templates.size,
    costCodes: costCodes.length,
    costTypes: costTypes.length,
    vendors: vendors.length,
    jobCosts: sum(costCounts),
    changed,
  };
}

/** What the ERP looked like to a sync: the whole of it (with the jobs linked then), and each linked job's costs. */
interface ChangeTokens {
  all: string;
  jobs: Record<string, string>;
}

/** The ERP's tokens now: the last ones (the same object) when the whole is unchanged. */
async function changeTokens(
  connector: ErpConnector,
  linked: string[],
  last: ChangeTokens | undefined,
): Promise<ChangeTokens> {
  const all = `${await connector.changeToken!()} ${linked.join(',')}`;
  if (last?.all === all) return last;
  const jobs = await Promise.all(
    linked.map(async (job) => [job, await connector.changeToken!(job)] as const),
  );
  return { all, jobs: Object.fromEntries(jobs) };
}

async function lastTokens(db: Kysely<DB>, companyId: string): Promise<ChangeTokens | undefined> {
  const row = await db
    .selectFrom('erp_connections')
    .select('sync_token')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return row?.sync_token ? fromJson<ChangeTokens>(row.sync_token) : undefined;
}

/** The counts of the last run that succeeded, for a run that finds the ERP as that one read it: nothing changed. */
async function lastCounts(db: Kysely<DB>, companyId: string): Promise<SyncCounts | undefined> {
  const last = await db
    .selectFrom('sync_runs')
    .select('counts')
    .where('company_id', '=', companyId)
    .where('status', '=', 'succeeded')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.counts ? { ...fromJson<SyncCounts>(last.counts), changed: 0 } : undefined;
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
 * The sync job: reads the ERP into the mirror (see `refreshMirror`), then writes the run's outcome and
 * its audit row in one transaction, so a run is `succeeded` only once all its data is in (one that
 * fails may have refreshed part of the mirror: every row written is the ERP's as read). A transient
 * failure (or anything unexpected) leaves the run `running` and lets the queue retry with backoff until
 * the attempts run out; the ERP refusing us, or no connection at all, fails the run at once with the reason.
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
    const connector = await ctx.erp.forCompany(run.company_id);
    // Taken before the reads: what changes while they run is read again next time.
    const last = await lastTokens(db, run.company_id);
    const tokens = connector.changeToken && (await changeTokens(connector, linked, last));
    const unchanged = tokens !== undefined && tokens === last;
    const counts =
      (unchanged && (await lastCounts(db, run.company_id))) ||
      (await refreshMirror(
        ctx,
        run.company_id,
        linked,
        ctx.clock.now(),
        new Set(tokens && last ? linked.filter((job) => last.jobs[job] === tokens.jobs[job]) : []),
      ));
    await db.transaction().execute(async (trx) => {
      if (tokens !== undefined && !unchanged)
        await trx
          .updateTable('erp_connections')
          .set({ sync_token: toJson(tokens) })
          .where('company_id', '=', run.company_id)
          .execute();
      await finish(ctx, trx, run, { status: 'succeeded', counts }, ctx.clock.now());
    });
  } catch (error) {
    const final =
      error instanceof RejectedErpError ||
      error instanceof NotConnectedErpError ||
      job.attempt >= job.maxAttempts;
    if (!final) {
      // Still running, but not silently: the run shows why it is waiting for its next attempt.
      await db
        .updateTable('sync_runs')
        .set({
          error: `Attempt ${job.attempt} of ${job.maxAttempts} failed, retrying: ${errorMessage(error)}`,
        })
        .where('id', '=', run.id)
        .where('status', '=', 'running')
        .execute();
      throw error;
    }
    const failed: Outcome = { status: 'failed', error: errorMessage(error) };
    await db.transaction().execute((trx) => finish(ctx, trx, run, failed, ctx.clock.now()));
  }
}
