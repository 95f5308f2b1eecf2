import DataLoader from 'dataloader';
import { type Kysely, type Selectable, sql } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { valuesList } from '../../db/values.ts';
import { requestEventData } from '../../domain/company-events.ts';
import {
  type CreateClaim,
  DuplicateErpError,
  NotConnectedErpError,
  RejectedErpError,
} from '../../erp/connector.ts';
import type { JobContext, JobHandler } from '../../jobs/queue.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit, recordAudits } from '../shared/audit.ts';
import { recordCompanyEvent, recordCompanyEvents } from '../shared/company-events.ts';
import {
  type ExportJob,
  exportAttempts,
  exportInterruptions,
  exportJobKind,
  exportJobMaxAttempts,
} from './export-job.ts';
import type { ExportOptions } from './export-options.ts';
import { writeToErp } from './export-writes.ts';
import { recordSynced, type SyncedExport } from './record-synced.ts';
import { recordRequestEvent, recordRequestEvents } from './request-events.ts';

/** How often an export for an ERP that is not connected (Sage agent offline) looks again. */
const notConnectedPollMs = 30_000;

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Ends the export as failed, with the ERP's own words and the field it names. A duplicate (the key it
 * was to create is someone else's) withdraws the export's claim: it never wrote under that key.
 */
async function fail(
  ctx: WorkflowContext,
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  error: { message: string; field?: string; erpCode?: string },
  at: Date,
  { withdrawClaim = false } = {},
): Promise<void> {
  if (withdrawClaim) await trx.deleteFrom('erp_export_claims').where('request_id', '=', request.id).execute();
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
 * Records exports as synced, in the caller's transaction: the request, the record (recordSynced), the
 * request's history, the audit trail and the company event. An export whose request moved on meanwhile
 * (another run of its job finished first) records nothing.
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
  await Promise.all([
    recordSynced(trx, ctx.database.caps, done, at),
    recordRequestEvents(
      trx,
      done.map(({ request, result }) => ({
        requestId: request.id,
        actor: null,
        type: 'synced',
        detail: result,
        at,
      })),
    ),
    recordAudits(
      trx,
      done.map(({ request, result }) => ({
        companyId: request.company_id,
        actor: null,
        action: 'erp_request.synced',
        subjectType: request.kind,
        subjectId: request.subject_id,
        after: { requestId: request.id, status: 'synced', erpIds: result.erpIds },
        at,
      })),
    ),
    recordCompanyEvents(
      trx,
      ctx,
      done.map(({ request }) => ({
        companyId: request.company_id,
        type: 'request.synced' as const,
        data: requestEventData(request, 'synced'),
        at,
      })),
    ),
  ]);
}

/**
 * One transaction for a batch of finished exports (pipelined: its statements go in three round trips
 * however many tables they write). If it fails, each export is recorded again in a transaction of its
 * own, so one export's trouble is not the others'.
 */
async function recordSyncedBatch(
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
 * A request as its export reads it: with its company's ERP connection version (null: none) and the key
 * an earlier run of it claimed (null: none).
 */
type ExportedRequest = Selectable<ErpRequestsTable> & {
  connection_version: number | null;
  claimed_key: string | null;
};

/** A claim to record: the request and the key it reserves. */
interface ClaimWrite {
  requestId: string;
  key: string;
}

/**
 * The export's claim on the key it creates (a job number, a new vendor's code): committed before the
 * first write under the key, so a run after a crash knows that a record found there is the one an
 * earlier run created (ERP.md §1). Claims asked for together are written by one statement (`claims`).
 */
function createClaim(
  request: ExportedRequest,
  options: ExportOptions,
  claims: DataLoader<ClaimWrite, undefined>,
): CreateClaim {
  const key =
    options.kind === 'project'
      ? options.jobNumber
      : options.kind === 'vendor' && options.isNew
        ? options.vendorCode
        : undefined;
  return {
    // A claim on another key (a retry with another job number) is no claim on this one.
    claimed: key !== undefined && request.claimed_key === key,
    async claim() {
      if (key !== undefined) await claims.load({ requestId: request.id, key });
    },
  };
}

async function writeClaims(ctx: WorkflowContext, claims: readonly ClaimWrite[]): Promise<undefined[]> {
  const claimed_at = ctx.clock.now().toISOString();
  // One row per request: two runs of one export (a lease that ran out) may claim in the same batch.
  const rows = new Map(
    claims.map(({ requestId, key }) => [requestId, { request_id: requestId, key, claimed_at }]),
  );
  await ctx.database.db
    .insertInto('erp_export_claims')
    .values([...rows.values()])
    .onConflict((oc) =>
      oc.column('request_id').doUpdateSet((eb) => ({
        key: eb.ref('excluded.key'),
        claimed_at: eb.ref('excluded.claimed_at'),
      })),
    )
    .execute();
  return claims.map(() => undefined);
}

/** Exports recorded or read together at most. */
const maxBatch = 100;

/**
 * The export job's handler: writes an accepted request to the ERP. Runs at least once (a crashed
 * worker's job runs again), so it does nothing for a request that is no longer at the job's version,
 * and every write it makes is an idempotent upsert in the ERP.
 *
 * The exports running in one process share their database work. A read is gathered until the event
 * loop has handled the I/O at hand (`setImmediate`): alone, an export waits for nothing; under load,
 * every export whose turn came meanwhile joins the same read. Successes are recorded by one transaction
 * at a time (group commit): the exports whose ERP answer arrives while one commits go together in the
 * next, so the busier the engine, the fewer transactions per export.
 */
export function createExportHandler(ctx: WorkflowContext): JobHandler {
  const { db } = ctx.database;
  // The company's connection version comes with the request: the connector kept for it is used without
  // a read of its own.
  const requests = new DataLoader<string, ExportedRequest | undefined>(
    async (ids) => {
      const rows = await db
        .selectFrom('erp_requests')
        .leftJoin('erp_connections', 'erp_connections.company_id', 'erp_requests.company_id')
        .leftJoin('erp_export_claims', 'erp_export_claims.request_id', 'erp_requests.id')
        .selectAll('erp_requests')
        .select(['erp_connections.version as connection_version', 'erp_export_claims.key as claimed_key'])
        .where('erp_requests.id', 'in', ids)
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    },
    { cache: false, maxBatchSize: maxBatch, batchScheduleFn: (read) => setImmediate(read) },
  );
  const claims = new DataLoader<ClaimWrite, undefined>((batch) => writeClaims(ctx, batch), {
    cache: false,
    maxBatchSize: maxBatch,
    batchScheduleFn: (write) => setImmediate(write),
  });
  let committing: Promise<(undefined | Error)[]> = Promise.resolve([]);
  const synced = new DataLoader<SyncedExport, undefined>(
    (exports) => {
      committing = recordSyncedBatch(ctx, exports); // never rejects: it answers an error per export
      return committing;
    },
    {
      cache: false,
      maxBatchSize: maxBatch,
      batchScheduleFn: (commit) => void committing.then(() => setImmediate(commit)),
    },
  );
  return async (payload, job) => {
    const { requestId, version } = payload as ExportJob;
    const request = await requests.load(requestId);
    if (request?.status !== 'exporting' || request.version !== version) return;
    const outcome = await exportToErp(ctx, request, payload, job, claims);
    if (outcome) await synced.load({ request, ...outcome });
  };
}

/** The ERP write of one export; its result when it succeeded, nothing when the export failed or waits. */
async function exportToErp(
  ctx: WorkflowContext,
  request: ExportedRequest,
  payload: unknown,
  job: JobContext,
  claims: DataLoader<ClaimWrite, undefined>,
): Promise<Omit<SyncedExport, 'request'> | undefined> {
  const { db } = ctx.database;
  const { version } = request;
  const options = fromJson<ExportOptions>(request.accept_options!);
  // The earlier runs of this job that did not record an ERP fault (in `attempts`) were cut short.
  const interrupted = job.attempt - 1 - request.attempts;
  if (interrupted >= exportInterruptions) {
    const message = `The export was interrupted ${interrupted} times: its worker stopped while running it`;
    await db.transaction().execute((trx) => fail(ctx, trx, request, { message }, ctx.clock.now()));
    return undefined;
  }
  try {
    const connector = await ctx.erp.forCompany(request.company_id, request.connection_version);
    const claim = createClaim(request, options, claims);
    return { options, result: await writeToErp(connector, request, options, claim) };
  } catch (error) {
    const now = ctx.clock.now();
    if (error instanceof RejectedErpError) {
      const failure = { message: error.message, field: error.field, erpCode: error.erpCode };
      const withdrawClaim = error instanceof DuplicateErpError;
      await db.transaction().execute((trx) => fail(ctx, trx, request, failure, now, { withdrawClaim }));
      return undefined;
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
      return undefined;
    }
    // Transient (or unexpected): note the attempt, then let the queue retry with backoff; when the
    // attempts run out, the request fails with the last message.
    if (request.attempts + 1 >= exportAttempts || job.attempt >= job.maxAttempts) {
      await db.transaction().execute((trx) => fail(ctx, trx, request, { message: errorMessage(error) }, now));
      return undefined;
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
}
