import DataLoader from 'dataloader';
import type { Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { ErpRequestsTable } from '../../db/schema.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { NotConnectedErpError, RejectedErpError } from '../../erp/connector.ts';
import type { JobContext, JobHandler } from '../../jobs/queue.ts';
import type { WorkflowContext } from '../context.ts';
import { createClaim, type ReservedCreateKey, writeClaims } from './export-claims.ts';
import {
  type ExportJob,
  exportAttempts,
  exportInterruptions,
  exportJobKind,
  exportJobMaxAttempts,
} from './export-job.ts';
import type { ExportOptions } from './export-options.ts';
import { writeToErp } from './export-writes.ts';
import { failExport, recordSyncedBatch } from './record-export-outcome.ts';
import type { SyncedExport } from './record-synced.ts';
import { recordRequestEvent } from './request-events.ts';

/**
 * How soon an export for an ERP that is not connected (the Sage agent offline) looks again: soon after a
 * short gap (a restarting agent), at most every 30 s after a long one, so waiting exports cost little
 * and drain within seconds of the agent's return after a blip.
 */
const notConnectedPollMs = (waitedMs: number) => Math.min(30_000, Math.max(1_000, waitedMs / 4));

/**
 * A request as its export reads it: with its company's ERP connection version (null: none) and the key
 * reserved for it to create (null: none), claimed or not.
 */
type ExportedRequest = Selectable<ErpRequestsTable> &
  ReservedCreateKey & {
    connection_version: number | null;
  };

/** Exports recorded or read together at most. */
const maxBatch = 100;

/**
 * The export job's handler: writes an accepted request to the ERP. Runs at least once (a crashed
 * worker's job runs again), so it does nothing for a request that is no longer at the job's version,
 * and every write it makes is safe to repeat: an upsert, or an add-only call under the export's claim
 * (a record found under a claimed key is the one an earlier run made).
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
        // A request holds one create key at most (a job number or a new vendor's code): see releaseErpKeys.
        .leftJoin('erp_key_reservations as k', (join) =>
          join.onRef('k.request_id', '=', 'erp_requests.id').on('k.kind', 'in', ['job', 'vendor']),
        )
        .selectAll('erp_requests')
        .select([
          'erp_connections.version as connection_version',
          'k.key as reserved_key',
          'k.written_at as claimed_at',
        ])
        .where('erp_requests.id', 'in', ids)
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    },
    { cache: false, maxBatchSize: maxBatch, batchScheduleFn: (read) => setImmediate(read) },
  );
  const claims = new DataLoader<string, undefined>((batch) => writeClaims(ctx, batch), {
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
  claims: DataLoader<string, undefined>,
): Promise<Omit<SyncedExport, 'request'> | undefined> {
  const { db } = ctx.database;
  const { version } = request;
  const options = fromJson<ExportOptions>(request.accept_options!);
  // The earlier runs of this job that did not record an ERP fault (in `attempts`) were cut short.
  const interrupted = job.attempt - 1 - request.attempts;
  if (interrupted >= exportInterruptions) {
    const message = `The export was interrupted ${interrupted} times: its worker stopped while running it`;
    await db.transaction().execute((trx) => failExport(ctx, trx, request, { message }, ctx.clock.now()));
    return undefined;
  }
  // Whether this run stopped the request's wait: a connector may learn only by its first call (a Sage
  // agent's) that the ERP is still away, and the wait then goes on as it was.
  let resumed = false;
  try {
    const connector = await ctx.erp.forCompany(request.company_id, request.connection_version);
    // The ERP is back for a waiting export: it stops waiting before writing, unless it was just rejected
    // or retrieved (each needs it still waiting: of the two, exactly one goes ahead).
    if (request.waiting_since !== null) {
      if (!(await stopWaiting(ctx, request))) return undefined;
      resumed = true;
    }
    const claim = createClaim(request, options, claims);
    const keyed = connector.forRequest?.(request.id) ?? connector;
    return { options, result: await writeToErp(keyed, request, options, claim, db, ctx.clock) };
  } catch (error) {
    const now = ctx.clock.now();
    if (error instanceof RejectedErpError) {
      const failure = { message: error.message, field: error.field, erpCode: error.erpCode };
      await db.transaction().execute((trx) => failExport(ctx, trx, request, failure, now));
      return undefined;
    }
    if (error instanceof NotConnectedErpError) {
      // Not a failure: the export waits for the ERP (an offline agent) without using up its attempts,
      // with one history entry however long it waits; it can be rejected or retrieved meanwhile.
      await db.transaction().execute(async (trx) => {
        if (request.waiting_since === null) {
          const started = await trx
            .updateTable('erp_requests')
            .set({ waiting_since: now.toISOString() })
            .where('id', '=', request.id)
            .where('version', '=', version)
            .where('status', '=', 'exporting')
            .executeTakeFirst();
          if (started.numUpdatedRows !== 1n) return;
          await recordRequestEvent(trx, {
            requestId: request.id,
            actor: null,
            type: 'waiting',
            detail: { message: error.message },
            at: now,
          });
        } else if (resumed) {
          await trx
            .updateTable('erp_requests')
            .set({ waiting_since: request.waiting_since })
            .where('id', '=', request.id)
            .where('version', '=', version)
            .where('status', '=', 'exporting')
            .where('waiting_since', 'is', null)
            .execute();
        }
        await ctx.queue.enqueue(trx, exportJobKind, payload, {
          key: `${exportJobKind}:${request.id}:${version}:wait:${now.getTime()}`,
          runAt: new Date(
            now.getTime() +
              notConnectedPollMs(
                request.waiting_since ? now.getTime() - Date.parse(request.waiting_since) : 0,
              ),
          ),
          maxAttempts: exportJobMaxAttempts,
          group: request.company_id,
        });
      });
      return undefined;
    }
    // Transient (or unexpected): note the attempt, then let the queue retry with backoff; when the
    // attempts run out, the request fails with the last message.
    if (request.attempts + 1 >= exportAttempts || job.attempt >= job.maxAttempts) {
      await db
        .transaction()
        .execute((trx) => failExport(ctx, trx, request, { message: errorMessage(error) }, now));
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

/** Ends an export's wait for its ERP, only if it is still waiting at its version (see advanceRequest). */
async function stopWaiting(ctx: WorkflowContext, request: ExportedRequest): Promise<boolean> {
  const stopped = await ctx.database.db
    .updateTable('erp_requests')
    .set({ waiting_since: null })
    .where('id', '=', request.id)
    .where('version', '=', request.version)
    .where('status', '=', 'exporting')
    .where('waiting_since', 'is not', null)
    .executeTakeFirst();
  return stopped.numUpdatedRows === 1n;
}
