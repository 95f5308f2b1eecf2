import type { WorkflowContext } from '../context.ts';
import { type StartExportProps, startExport } from './start-export.ts';

/** Retry a failed export, optionally with corrected accept options (e.g. another job number). */
export function retryErpRequest(
  ctx: WorkflowContext,
  props: StartExportProps,
): Promise<{ status: 'exporting' }> {
  return ctx.database.db
    .transaction()
    .execute((trx) => startExport(ctx, props, { from: ['failed'], event: 'retried' }, trx));
}
