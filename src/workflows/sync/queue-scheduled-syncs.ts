import { fromJson } from '../../db/json.ts';
import { type CompanySettings, defaultSettings } from '../../domain/company.ts';
import type { WorkflowContext } from '../context.ts';
import { queueSyncRun } from './sync-runs.ts';
import { currentSyncSlot } from './sync-slots.ts';

/**
 * The scheduler's task (each minute, on every node): queues a run for each connected company whose
 * current sync slot has no run yet. Any number of nodes may do this at once: the unique index on
 * (company, slot) lets one insert win, and the job is enqueued in the winner's transaction only.
 * Companies without an ERP connection are skipped; a run for them could only fail.
 */
export async function queueScheduledSyncs(ctx: WorkflowContext, now: Date): Promise<void> {
  const { db, caps } = ctx.database;
  const companies = await db
    .selectFrom('companies')
    .innerJoin('erp_connections', 'erp_connections.company_id', 'companies.id')
    .select(['companies.id', 'companies.time_zone', 'companies.settings'])
    .execute();
  for (const company of companies) {
    const { syncSchedule } = { ...defaultSettings, ...fromJson<Partial<CompanySettings>>(company.settings) };
    const slot = currentSyncSlot(syncSchedule, company.time_zone, now);
    if (!slot) continue;
    // Most ticks find the slot's run already there: a read, instead of a failing insert every minute.
    const existing = await db
      .selectFrom('sync_runs')
      .select('id')
      .where('company_id', '=', company.id)
      .where('schedule_slot', '=', slot.toISOString())
      .executeTakeFirst();
    if (existing) continue;
    try {
      await db
        .transaction()
        .execute((trx) =>
          queueSyncRun(ctx, trx, { companyId: company.id, trigger: 'schedule', scheduleSlot: slot }, now),
        );
    } catch (error) {
      if (!caps.isUniqueViolation(error)) throw error; // another node queued this slot's run first
    }
  }
}
