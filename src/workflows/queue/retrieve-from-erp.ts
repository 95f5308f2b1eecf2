import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import { kindLabels } from '../../domain/lifecycle.ts';
import type { WorkflowContext } from '../context.ts';
import { openRequestFor } from '../shared/requests.ts';
import { resolveSubjectId, type SubjectRef } from '../shared/send-subjects/index.ts';
import { advanceRequest, loadRequestForAction } from './load-request-for-action.ts';
import { recordRequestStep } from './record-request-step.ts';
import { releaseRecord } from './release-record.ts';

/**
 * The sender takes the record back (editable again), as long as no approver has acted on it, or its
 * accepted export still waits for an ERP that is not connected (nothing of it reached the ERP).
 */
export async function retrieveFromErp(
  ctx: WorkflowContext,
  props: { actor: Actor; ref: SubjectRef },
): Promise<{ requestId: string; status: 'retrieved' }> {
  const { ref } = props;
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const subjectId = await resolveSubjectId(trx, ref);
    const open = await openRequestFor(trx, ref.kind, subjectId);
    if (!open) throw invalidState(`${kindLabels[ref.kind]} is not waiting for ERP approval`);
    const request = await loadRequestForAction(trx, {
      companyId: ref.companyId,
      requestId: open.id,
      allowed: ['ready_to_export', 'ready_to_update'],
      stopsWaiting: true,
      action: 'retrieved',
    }).catch(() => {
      throw invalidState(`An approver already acted: the request is ${open.status.replaceAll('_', ' ')}`);
    });
    await advanceRequest(trx, request, { status: 'retrieved' }, now).catch((error: unknown) => {
      throw request.status === 'exporting'
        ? error
        : invalidState('An approver acted on the request at the same moment');
    });
    await releaseRecord(trx, request, now);
    await recordRequestStep(trx, ctx, {
      request,
      actor: props.actor,
      type: 'retrieved',
      from: open.status,
      to: 'retrieved',
      event: 'request.retrieved',
      at: now,
    });
    return { requestId: open.id, status: 'retrieved' as const };
  });
}
