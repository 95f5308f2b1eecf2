import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { requestEventData } from '../../domain/company-events.ts';
import { NotConnectedErpError, RejectedErpError } from '../../erp/connector.ts';
import type { JobContext } from '../../jobs/queue.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { recordCompanyEvent } from '../shared/company-events.ts';
import { recordRequestEvent } from '../shared/request-events.ts';
import type { ExportOptions } from './exportOptions.ts';
import { writeToErp } from './exportWrites.ts';
import { recordSynced } from './recordSynced.ts';
import {
  type ExportJob,
  exportAttempts,
  exportInterruptions,
  exportJobKind,
  exportJobMaxAttempts,
} from './startExport.ts';

/** How often an export for an ERP that is not connected (Sage agent offline) looks again. */
const notConnectedPollMs = 30_000;

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Ends the export as failed, with the ERP's own words and the field it names. */
async function fail(
  ctx: WorkflowContext,
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  error: { message: string; field?: string; erpCode?: string },
  at: Date,
): Promise<void> {
  await trx
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
    .execute();
  await recordRequestEvent(trx, { requestId: request.id, actor: null, type: 'failed', detail: error, at });
  await recordAudit(trx, {
    companyId: request.company_id,
    actor: null,
    action: 'erp_request.failed',
    subjectType: request.kind,
    subjectId: request.subject_id,
    after: { requestId: request.id, status: 'failed', error },
    at,
  });
  await recordCompanyEvent(trx, ctx, {
    companyId: request.company_id,
    type: 'request.failed',
    data: requestEventData(request, 'failed'),
    at,
  });
}

/**
 * The export job: writes an accepted request to the ERP. Runs at least once (a crashed worker's job runs
 * again), so it does nothing for a request that is no longer at the job's version, and every write it
 * makes is an idempotent upsert in the ERP.
 */
export async function exportErpRequest(
  ctx: WorkflowContext,
  payload: unknown,
  job: JobContext,
): Promise<void> {
  const { requestId, version } = payload as ExportJob;
  const { db } = ctx.database;
  const request = await db
    .selectFrom('erp_requests')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (request?.status !== 'exporting' || request.version !== version) return;
  const options = fromJson<ExportOptions>(request.accept_options!);
  // The earlier runs of this job that did not record an ERP fault (in `attempts`) were cut short.
  const interrupted = job.attempt - 1 - request.attempts;
  if (interrupted >= exportInterruptions) {
    const message = `The export was interrupted ${interrupted} times: its worker stopped while running it`;
    await db.transaction().execute((trx) => fail(ctx, trx, request, { message }, ctx.clock.now()));
    return;
  }

  let result: Awaited<ReturnType<typeof writeToErp>>;
  try {
    const connector = await ctx.erp.forCompany(request.company_id);
    if (options.kind === 'project') {
      // Never overwrite a job someone else created: a job found before our first write is not ours.
      // The claim is committed before that write, so a retry after a crash knows the job is its own.
      const claimed = fromJson<{ jobClaimed?: boolean }>(request.result)?.jobClaimed === true;
      if (!claimed) {
        if (await connector.getJob(options.jobNumber)) {
          throw new RejectedErpError(
            `Job ${options.jobNumber} already exists in the ERP; retry with another job number`,
            'jobNumber',
          );
        }
        await db
          .updateTable('erp_requests')
          .set({ result: toJson({ jobClaimed: true }) })
          .where('id', '=', request.id)
          .where('version', '=', version)
          .execute();
      }
    }
    result = await writeToErp(connector, request, options);
  } catch (error) {
    const now = ctx.clock.now();
    if (error instanceof RejectedErpError) {
      await db
        .transaction()
        .execute((trx) =>
          fail(
            ctx,
            trx,
            request,
            { message: error.message, field: error.field, erpCode: error.erpCode },
            now,
          ),
        );
      return;
    }
    if (error instanceof NotConnectedErpError) {
      // Not a failure: the export waits for the ERP (an offline agent) without using up its attempts.
      await db.transaction().execute(async (trx) => {
        await recordRequestEvent(trx, {
          requestId: request.id,
          actor: null,
          type: 'waiting',
          detail: { message: error.message },
          at: now,
        });
        await ctx.queue.enqueue(trx, exportJobKind, payload, {
          key: `${exportJobKind}:${request.id}:${version}:wait:${now.getTime()}`,
          runAt: new Date(now.getTime() + notConnectedPollMs),
          maxAttempts: exportJobMaxAttempts,
        });
      });
      return;
    }
    // Transient (or unexpected): note the attempt, then let the queue retry with backoff; when the
    // attempts run out, the request fails with the last message.
    if (request.attempts + 1 >= exportAttempts || job.attempt >= job.maxAttempts) {
      await db.transaction().execute((trx) => fail(ctx, trx, request, { message: errorMessage(error) }, now));
      return;
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('erp_requests')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now.toISOString() }))
        .where('id', '=', request.id)
        .execute();
      await recordRequestEvent(trx, {
        requestId: request.id,
        actor: null,
        type: 'attempt_failed',
        detail: { attempt: job.attempt, message: errorMessage(error) },
        at: now,
      });
    });
    throw error;
  }

  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('erp_requests')
      .set((eb) => ({
        status: 'synced',
        result: toJson(result),
        error: null,
        attempts: eb('attempts', '+', 1),
        version: eb('version', '+', 1),
        updated_at: now.toISOString(),
      }))
      .where('id', '=', request.id)
      .where('version', '=', version)
      .where('status', '=', 'exporting')
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) return; // another run of this job finished first
    await recordSynced(trx, request, options, result, now);
    await recordRequestEvent(trx, {
      requestId: request.id,
      actor: null,
      type: 'synced',
      detail: result,
      at: now,
    });
    await recordAudit(trx, {
      companyId: request.company_id,
      actor: null,
      action: 'erp_request.synced',
      subjectType: request.kind,
      subjectId: request.subject_id,
      after: { requestId: request.id, status: 'synced', erpIds: result.erpIds },
      at: now,
    });
    await recordCompanyEvent(trx, ctx, {
      companyId: request.company_id,
      type: 'request.synced',
      data: requestEventData(request, 'synced'),
      at: now,
    });
  });
}
