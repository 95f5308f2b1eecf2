import type { Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { acceptErpRequest } from './accept-erp-request.ts';
import { rejectErpRequest } from './reject-erp-request.ts';

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; detail: string };
}

/**
 * Accept or reject many requests at once, each in its own transaction with the default options, so one
 * refused item never holds back the others; the answer says what happened to each.
 */
export async function bulkActOnErpRequests(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; action: 'accept' | 'reject'; ids: string[]; comment?: string },
): Promise<{ results: BulkResult[] }> {
  const results: BulkResult[] = [];
  for (const id of new Set(props.ids)) {
    const item = { actor: props.actor, companyId: props.companyId, requestId: id };
    try {
      const { status } =
        props.action === 'accept'
          ? await acceptErpRequest(ctx, { ...item, options: {} })
          : await rejectErpRequest(ctx, { ...item, comment: props.comment ?? '' });
      results.push({ id, ok: true, status });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, detail: error.message } });
    }
  }
  return { results };
}
