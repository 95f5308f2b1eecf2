import { type Kysely, type Selectable, sql } from 'kysely';
import { toJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { together } from '../../db/together.ts';
import { valuesList } from '../../db/values.ts';
import type { WorkflowContext } from '../context.ts';
import { releaseErpKeys } from './erp-key-reservations.ts';
import { recordRequestStep, recordRequestSteps } from './record-request-step.ts';
import { recordSynced, type SyncedExport } from './record-synced.ts';

/**
 * Ends the export as failed, with the ERP's own words and the field it names; the keys it reserved and
 * never claimed are released (a retry reserves again). A request that moved on meanwhile (another run of
 * its job synced it) is left as it is, and nothing is recorded: no history, audit row or event may say
 * `failed` of a synced request.
 */
export async function failExport(
  ctx: WorkflowContext,
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  error: { message: string; field?: string; erpCode?: string },
  at: Date,
): Promise<void> {
  const ended = await trx
    .updateTable('erp_requests')
    .set((eb) => ({
      status: 'failed',
      error: toJson(error),
      attempts: eb('attempts', '+', 1),
      version: eb('version', '+', 1),
      updated_at: at.toISOString(),
    }))
    .where('id', '=', request.id)
    .where('version', '=', request.version)
    .where('status', '=', 'exporting')
    .executeTakeFirst();
  if (ended.numUpdatedRows !== 1n) return;
  await releaseErpKeys(trx, request.id);
  await recordRequestStep(trx, ctx, {
    request,
    actor: null,
    type: 'failed',
    to: 'failed',
    detail: error,
    audited: { error },
    event: 'request.failed',
    at,
  });
}

/**
 * One transaction for a batch of finished exports (pipelined: its statements go in three round trips
 * however many tables they write). If it fails, each export is recorded again in a transaction of its
 * own, so one export's trouble is not the others'.
 */
export async function recordSyncedBatch(
  ctx: WorkflowContext,
  exports: readonly SyncedExport[],
): Promise<(undefined | Error)[]> {
  const record = (batch: readonly SyncedExport[]) =>
    ctx.database.pipelinedTransaction((trx) => recordExportsSynced(ctx, trx, batch, ctx.clock.now()));
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  try {
    await record(exports);
    return exports.map(() => undefined);
  } catch (error) {
    if (exports.length === 1) return [asError(error)];
    return Promise.all(exports.map((one) => record([one]).then(() => undefined, asError)));
  }
}

/**
 * Records exports as synced, in the caller's transaction: the request, the record (recordSynced) and the
 * request's step. An export whose request moved on meanwhile (another run of its job finished first)
 * records nothing.
 */
async function recordExportsSynced(
  ctx: WorkflowContext,
  trx: Kysely<DB>,
  exports: readonly SyncedExport[],
  at: Date,
): Promise<void> {
  // Another run of an export's job may have finished first: only requests still at the job's version
  // are recorded (and each once).
  const { rows: updated } = await sql<{ id: string }>`
    update erp_requests
       set status = 'synced', result = v.column3, error = null, attempts = attempts + 1,
           version = version + 1, updated_at = ${at.toISOString()}
      from ${valuesList(
        ctx.database.caps,
        ['text', 'integer', 'json'],
        exports.map(({ request, result }) => [request.id, request.version, toJson(result)]),
      )} as v
     where erp_requests.id = v.column1 and erp_requests.version = v.column2
       and erp_requests.status = 'exporting'
    returning id`.execute(trx);
  const ids = new Set(updated.map((row) => row.id));
  const done = exports.filter(({ request }) => ids.delete(request.id));
  // Independent writes, issued together (they travel together on a pipelined connection).
  await together([
    recordSynced(trx, ctx.database.caps, done, at),
    recordRequestSteps(
      trx,
      ctx,
      done.map(({ request, result }) => ({
        request,
        actor: null,
        type: 'synced',
        to: 'synced',
        detail: result,
        audited: { erpIds: result.erpIds },
        event: 'request.synced',
        at,
      })),
    ),
  ]);
}
