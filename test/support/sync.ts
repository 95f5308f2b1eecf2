import type { WorkflowContext } from '../../src/workflows/context.ts';
import { syncCompany } from '../../src/workflows/sync/sync-company.ts';
import { queueSyncRun, syncJobKind } from '../../src/workflows/sync/sync-runs.ts';

/**
 * The real sync from the ERP, run at once in the test's process instead of waiting for a worker (the
 * queued job that also exists finds nothing left to change when a worker runs it).
 */
export async function syncFromErp(ctx: WorkflowContext, companyId: string): Promise<void> {
  const now = ctx.clock.now();
  const syncRunId = await ctx.database.db
    .transaction()
    .execute((trx) => queueSyncRun(ctx, trx, { companyId, trigger: 'manual' }, now));
  await syncCompany(
    ctx,
    { syncRunId },
    { id: syncRunId, kind: syncJobKind, attempt: 1, maxAttempts: 1, signal: new AbortController().signal },
  );
  const run = await ctx.database.db
    .selectFrom('sync_runs')
    .select(['status', 'error'])
    .where('id', '=', syncRunId)
    .executeTakeFirstOrThrow();
  if (run.status !== 'succeeded') throw new Error(`the sync ${run.status}: ${run.error}`);
}
