import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import type { WriteResult } from '../../erp/connector.ts';
import type { ExportOptions } from './exportOptions.ts';

/**
 * What a successful export leaves on the record: the ERP's identifiers, the snapshot the ERP now has
 * (the base of later updates), synced cost-code assignments, and the mirror link that keeps the job or
 * vendor out of "only in ERP".
 */
export async function recordSynced(
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  options: ExportOptions,
  result: WriteResult,
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
      await trx
        .updateTable('projects')
        .set({ erp_job_number: options.jobNumber, synced_snapshot: request.snapshot, updated_at: now })
        .where('id', '=', request.subject_id)
        .execute();
      await markAssignmentsSynced();
      const job = {
        company_id: request.company_id,
        job_number: options.jobNumber,
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
    case 'vendor': {
      const synced = toJson({ ...snapshot, vendorCode: options.vendorCode });
      await trx
        .updateTable('vendors')
        .set({ erp_vendor_code: options.vendorCode, synced_snapshot: synced, updated_at: now })
        .where('id', '=', request.subject_id)
        .execute();
      await trx
        .insertInto('erp_vendors')
        .values({
          company_id: request.company_id,
          vendor_code: options.vendorCode,
          name: snapshot.name as string,
          data: toJson({ vendorCode: options.vendorCode, name: snapshot.name }),
          linked_vendor_id: request.subject_id,
          archived: 0,
          seen_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['company_id', 'vendor_code']).doUpdateSet({ linked_vendor_id: request.subject_id }),
        )
        .execute();
      return;
    }
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
