import type { WorkflowContext } from '../context.ts';
import { type StartExportProps, startExport } from './start-export.ts';

/**
 * Accept (or, for `ready_to_update`, Update): the export starts within seconds, durably. The hot path of
 * an approver's day, hence a pipelined transaction: its statements travel in a few round trips.
 */
export function acceptErpRequest(
  ctx: WorkflowContext,
  props: StartExportProps,
): Promise<{ status: 'exporting' }> {
  return ctx.database.pipelinedTransaction((trx) =>
    startExport(ctx, props, { from: ['ready_to_export', 'ready_to_update'], event: 'accepted' }, trx),
  );
}
