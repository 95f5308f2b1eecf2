import { newId } from '../../src/db/ids.ts';
import { toJson } from '../../src/db/json.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';

/**
 * What a sync from the ERP leaves behind, written directly for tests that need ERP data without an ERP:
 * one job and one vendor "only in ERP", and the finished run that read them.
 */
export async function makeErpMirror(
  ctx: WorkflowContext,
  companyId: string,
): Promise<{ jobNumber: string; vendorCode: string; syncRunId: string }> {
  const { db } = ctx.database;
  const at = new Date().toISOString();
  const job = { jobNumber: '24-001', description: 'Riverside Medical Office', status: 'active' as const };
  const vendor = { vendorCode: 'ACMECONC', name: 'Acme Concrete Co' };
  await db
    .insertInto('erp_jobs')
    .values({
      company_id: companyId,
      job_number: job.jobNumber,
      description: job.description,
      status: job.status,
      data: toJson(job),
      is_template: 0,
      linked_project_id: null,
      archived: 0,
      seen_at: at,
    })
    .execute();
  await db
    .insertInto('erp_vendors')
    .values({
      company_id: companyId,
      vendor_code: vendor.vendorCode,
      name: vendor.name,
      data: toJson(vendor),
      linked_vendor_id: null,
      archived: 0,
      seen_at: at,
    })
    .execute();
  const syncRunId = newId();
  await db
    .insertInto('sync_runs')
    .values({
      id: syncRunId,
      company_id: companyId,
      status: 'succeeded',
      trigger: 'manual',
      requested_by: null,
      schedule_slot: null,
      counts: toJson({
        jobs: 1,
        jobTemplates: 0,
        costCodes: 0,
        costTypes: 0,
        vendors: 1,
        jobCosts: 0,
        changed: 2,
      }),
      error: null,
      created_at: at,
      started_at: at,
      finished_at: at,
    })
    .execute();
  return { jobNumber: job.jobNumber, vendorCode: vendor.vendorCode, syncRunId };
}
