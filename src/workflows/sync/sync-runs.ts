import type { Kysely, Selectable } from 'kysely';
import { newId } from '../../db/ids.ts';
import { fromJson } from '../../db/json.ts';
import type { DB, SyncRunStatus, SyncRunsTable } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';

export const syncJobKind = 'erp.sync';

export interface SyncJob {
  syncRunId: string;
}

/** What one run read from the ERP per kind, and how many mirror rows it inserted or changed. */
export interface SyncCounts {
  jobs: number;
  jobTemplates: number;
  costCodes: number;
  costTypes: number;
  vendors: number;
  jobCosts: number;
  changed: number;
}

export interface SyncRunView {
  id: string;
  status: SyncRunStatus;
  trigger: SyncRunsTable['trigger'];
  counts: SyncCounts | null;
  error?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * Records a queued run and enqueues its job through `trx`, so the run exists exactly when its job does.
 * A scheduled run carries its slot: a second insert for the same company and slot is a unique violation.
 */
export async function queueSyncRun(
  ctx: WorkflowContext,
  trx: Kysely<DB>,
  run: { companyId: string; trigger: SyncRunsTable['trigger']; requestedBy?: string; scheduleSlot?: Date },
  at: Date,
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('sync_runs')
    .values({
      id,
      company_id: run.companyId,
      status: 'queued',
      trigger: run.trigger,
      requested_by: run.requestedBy ?? null,
      schedule_slot: run.scheduleSlot?.toISOString() ?? null,
      counts: null,
      error: null,
      created_at: at.toISOString(),
      started_at: null,
      finished_at: null,
    })
    .execute();
  const job: SyncJob = { syncRunId: id };
  await ctx.queue.enqueue(trx, syncJobKind, job, { key: `${syncJobKind}:${id}`, group: run.companyId });
  return id;
}

export async function loadSyncRun(db: Kysely<DB>, companyId: string, id: string): Promise<SyncRunView> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Sync run');
  return syncRunView(row);
}

export function syncRunView(row: Selectable<SyncRunsTable>): SyncRunView {
  return {
    id: row.id,
    status: row.status,
    trigger: row.trigger,
    counts: fromJson<SyncCounts>(row.counts),
    ...(row.error !== null && { error: row.error }),
    createdAt: row.created_at,
    ...(row.started_at !== null && { startedAt: row.started_at }),
    ...(row.finished_at !== null && { finishedAt: row.finished_at }),
  };
}
