import type { Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { isAwaitingApproval, kindLabels } from '../../domain/lifecycle.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { openRequestFor } from '../shared/requests.ts';
import { resolveSubjectId, type SubjectRef } from '../shared/send-subjects.ts';
import { advanceRequest, loadRequestForAction } from './load-request-for-action.ts';
import { releaseRecord } from './release-record.ts';
import { recordRequestEvent } from './request-events.ts';

/** The sender takes the record back (editable again), as long as no approver has acted on it. */
export async function retrieveFromErp(
  ctx: WorkflowContext,
  props: { actor: Actor; ref: SubjectRef },
): Promise<{ requestId: string; status: 'retrieved' }> {
  const { ref } = props;
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const subjectId = await resolveSubjectId(trx, ref);
    const open = await openRequestFor(trx, ref.kind, subjectId);
    if (!open) throw new AppError('invalid_state', `${kindLabels[ref.kind]} is not waiting for ERP approval`);
    if (!isAwaitingApproval(open.status)) {
      throw new AppError(
        'invalid_state',
        `An approver already acted: the request is ${open.status.replaceAll('_', ' ')}`,
      );
    }
    const request = await loadRequestForAction(trx, {
      companyId: ref.companyId,
      requestId: open.id,
      allowed: ['ready_to_export', 'ready_to_update'],
      action: 'retrieved',
    });
    await advanceRequest(trx, request, { status: 'retrieved' }, now).catch(() => {
      throw new AppError('invalid_state', 'An approver acted on the request at the same moment');
    });
    await releaseRecord(trx, request, now);
    await recordRequestEvent(trx, { requestId: open.id, actor: props.actor, type: 'retrieved', at: now });
    await recordAudit(trx, {
      companyId: ref.companyId,
      actor: props.actor,
      action: 'erp_request.retrieved',
      subjectType: ref.kind,
      subjectId,
      before: { requestId: open.id, status: open.status },
      after: { requestId: open.id, status: 'retrieved' },
      at: now,
    });
    return { requestId: open.id, status: 'retrieved' as const };
  });
}
