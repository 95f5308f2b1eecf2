import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { queueRejectionMail } from '../notify/rejection-mail.ts';
import { advanceRequest, loadRequestForAction } from './load-request-for-action.ts';
import { recordRequestStep } from './record-request-step.ts';
import { releaseRecord } from './release-record.ts';

export interface RejectErpRequestProps {
  actor: Actor;
  companyId: string;
  requestId: string;
  /** Absent in bulk actions: the current version. */
  version?: number;
  comment: string;
}

/**
 * The record goes back to its owner, editable, with the approver's comment (budget unlocked); the
 * rejection email to the sender is queued in the same transaction. An export waiting for an ERP that is
 * not connected may be rejected too: its job then finds the request moved on and does nothing.
 */
export async function rejectErpRequest(
  ctx: WorkflowContext,
  props: RejectErpRequestProps,
): Promise<{ status: 'rejected' }> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const request = await loadRequestForAction(trx, {
      ...props,
      allowed: ['ready_to_export', 'ready_to_update', 'failed'],
      stopsWaiting: true,
      action: 'rejected',
    });
    await advanceRequest(trx, request, { status: 'rejected' }, now);
    await releaseRecord(trx, request, now);
    await recordRequestStep(trx, ctx, {
      request,
      actor: props.actor,
      type: 'rejected',
      from: request.status,
      to: 'rejected',
      detail: { comment: props.comment },
      comment: props.comment,
      event: 'request.rejected',
      at: now,
    });
    await queueRejectionMail(trx, ctx, { request, actor: props.actor, comment: props.comment });
    return { status: 'rejected' as const };
  });
}
