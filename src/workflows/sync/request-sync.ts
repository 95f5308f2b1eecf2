import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { queueSyncRun } from './sync-runs.ts';

/** *Sync now*: the run is queued and its job enqueued in one transaction; the sync itself runs on a worker. */
export async function requestSync(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string },
): Promise<{ syncRunId: string }> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const syncRunId = await queueSyncRun(
      ctx,
      trx,
      { companyId: props.companyId, trigger: 'manual', requestedBy: props.actor.userId },
      now,
    );
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'erp_sync.requested',
      subjectType: 'sync_run',
      subjectId: syncRunId,
      at: now,
    });
    return { syncRunId };
  });
}
