import { type Kysely, type Selectable, sql } from 'kysely';
import type { Capabilities } from '../../db/capabilities.ts';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { together } from '../../db/together.ts';
import { valuesList } from '../../db/values.ts';
import type { WriteResult } from '../../erp/connector.ts';
import type { ExportOptions } from './export-options.ts';

/** A successful export: the request, the options it was accepted with, and the ERP's answer. */
export interface SyncedExport {
  request: Selectable<ErpRequestsTable>;
  options: ExportOptions;
  result: WriteResult;
}

/**
 * What successful exports leave on their records: the ERP's identifiers, the snapshot the ERP now has
 * (the base of later updates), synced cost-code assignments, and the mirror link that keeps the job or
 * vendor out of "only in ERP". Vendors, the small exports that come in numbers, are written together.
 */
export async function recordSynced(
  trx: Kysely<DB>,
  caps: Capabilities,
  exports: readonly SyncedExport[],
  at: Date,
): Promise<void> {
  await together([
    recordVendorsSynced(trx, caps, exports, at),
    ...exports.filter(({ options }) => options.kind !== 'vendor').map((one) => recordOneSynced(trx, one, at)),
  ]);
}

/** The vendors among the exports: two statements for all of them, issued together. */
async function recordVendorsSynced(
  trx: Kysely<DB>,
  caps: Capabilities,
  exports: readonly SyncedExport[],
  at: Date,
): Promise<void> {
  // The code as the ERP stored it (Sage upper-cases it); the request keeps the one accepted.
  const vendors = exports.flatMap(({ request, options, result }) =>
    options.kind === 'vendor'
      ? [
          {
            request,
            vendorCode: result.erpIds.vendor ?? options.vendorCode,
            snapshot: fromJson<Record<string, unknown>>(request.snapshot),
          },
        ]
      : [],
  );
  if (vendors.length === 0) return;
  const now = at.toISOString();
  const updateVendors = sql`
    update vendors
       set erp_vendor_code = v.column2, synced_snapshot = v.column3, updated_at = ${now}
      from ${valuesList(
        caps,
        ['text', 'text', 'json'],
        vendors.map(({ request, snapshot, vendorCode }) => [
          request.subject_id,
          vendorCode,
          toJson({ ...snapshot, vendorCode }),
        ]),
      )} as v
     where vendors.id = v.column1`.execute(trx);
  const linkMirror = trx
    .insertInto('erp_vendors')
    .values(
      vendors.map(({ request, snapshot, vendorCode }) => ({
        company_id: request.company_id,
        vendor_code: vendorCode,
        name: snapshot.name as string,
        data: toJson({ vendorCode, name: snapshot.name }),
        linked_vendor_id: request.subject_id,
        archived: 0,
        seen_at: now,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['company_id', 'vendor_code'])
        .doUpdateSet((eb) => ({ linked_vendor_id: eb.ref('excluded.linked_vendor_id') })),
    )
    .execute();
  await together([updateVendors, linkMirror]);
}

async function recordOneSynced(
  trx: Kysely<DB>,
  { request, options, result }: SyncedExport,
  at: Date,
): Promise<void> {
  const now = at.toISOString();
  const snapshot = fromJson<Record<string, unknown>>(request.snapshot);
  const markAssignmentsSynced = () =>
    trx
      .updateTable('project_cost_codes')
      .set({ erp_status: 'synced' })
      .where('project_id', '=', request.subject_id)
      .where('erp_status', '=', 'pending')
      .execute();

  switch (options.kind) {
    case 'project': {
      // The number as the ERP stored it (Sage punctuates `241001` as `24-1001`); the request keeps the one accepted.
      const jobNumber = result.erpIds.job ?? options.jobNumber;
      await trx
        .updateTable('projects')
        .set({ erp_job_number: jobNumber, synced_snapshot: request.snapshot, updated_at: now })
        .where('id', '=', request.subject_id)
        .execute();
      await markAssignmentsSynced();
      const job = {
        company_id: request.company_id,
        job_number: jobNumber,
        description: snapshot.name as string,
      };
      await trx
        .insertInto('erp_jobs')
        .values({
          ...job,
          status: 'active',
          data: toJson({ jobNumber: job.job_number, description: job.description, status: 'active' }),
          is_template: 0,
          linked_project_id: request.subject_id,
          archived: 0,
          seen_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['company_id', 'job_number']).doUpdateSet({ linked_project_id: request.subject_id }),
        )
        .execute();
      return;
    }
    case 'cost_codes':
      await markAssignmentsSynced();
      return;
    case 'budget':
      await trx
        .updateTable('budgets')
        .set({ synced_snapshot: request.snapshot, updated_at: now })
        .where('project_id', '=', request.subject_id)
        .execute();
      return;
    case 'commitment':
    case 'change_order': {
      const table = options.kind === 'commitment' ? 'commitments' : 'change_orders';
      await trx
        .updateTable(table)
        .set({ erp_ids: toJson(result.erpIds), synced_snapshot: request.snapshot, updated_at: now })
        .where('id', '=', request.subject_id)
        .execute();
      return;
    }
  }
}
