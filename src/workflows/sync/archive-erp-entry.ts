import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import {
  type ErpJobView,
  type ErpVendorView,
  loadMirrorJob,
  loadMirrorVendor,
  toErpJobView,
  toErpVendorView,
} from './erp-mirror.ts';

/**
 * *Archive* hides a job or vendor from "Only in ERP" for good: the sync keeps the flag. Only an entry of
 * that list can be archived — a linked one is a project's or vendor's, and archiving twice is a mistake.
 */

interface ArchiveProps {
  actor: Actor;
  companyId: string;
}

function assertArchivable(entry: { archived: boolean; linked: boolean }, label: string): void {
  if (entry.linked) throw invalidState(`${label} is linked, so it is not only in the ERP`);
  if (entry.archived) throw invalidState(`${label} is already archived`);
}

async function audit(trx: Kysely<DB>, props: ArchiveProps, subjectType: string, subjectId: string, at: Date) {
  await recordAudit(trx, {
    companyId: props.companyId,
    actor: props.actor,
    action: `${subjectType}.archived`,
    subjectType,
    subjectId,
    at,
  });
}

export async function archiveErpJob(
  ctx: WorkflowContext,
  props: ArchiveProps & { jobNumber: string },
): Promise<ErpJobView> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await loadMirrorJob(trx, props.companyId, props.jobNumber);
    assertArchivable(
      { archived: row.archived === 1, linked: row.linked_project_id !== null },
      `ERP job ${row.job_number}`,
    );
    await trx
      .updateTable('erp_jobs')
      .set({ archived: 1 })
      .where('company_id', '=', row.company_id)
      .where('job_number', '=', row.job_number)
      .execute();
    await audit(trx, props, 'erp_job', row.job_number, now);
    return toErpJobView({ ...row, archived: 1 });
  });
}

export async function archiveErpVendor(
  ctx: WorkflowContext,
  props: ArchiveProps & { vendorCode: string },
): Promise<ErpVendorView> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await loadMirrorVendor(trx, props.companyId, props.vendorCode);
    assertArchivable(
      { archived: row.archived === 1, linked: row.linked_vendor_id !== null },
      `ERP vendor ${row.vendor_code}`,
    );
    await trx
      .updateTable('erp_vendors')
      .set({ archived: 1 })
      .where('company_id', '=', row.company_id)
      .where('vendor_code', '=', row.vendor_code)
      .execute();
    await audit(trx, props, 'erp_vendor', row.vendor_code, now);
    return toErpVendorView({ ...row, archived: 1 });
  });
}
