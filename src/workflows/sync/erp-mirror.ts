import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, ErpJobsTable, ErpVendorsTable } from '../../db/schema.ts';
import { invalidState, notFound } from '../../domain/errors.ts';
import type { ErpJob, ErpVendor } from '../../erp/connector.ts';

/** The mirror's rows as the API shows them, and the checks every import, link and archive shares. */

export interface ErpJobView extends ErpJob {
  isTemplate: boolean;
  archived: boolean;
  linkedProjectId?: string;
  seenAt: string;
}

export interface ErpVendorView extends ErpVendor {
  archived: boolean;
  linkedVendorId?: string;
  seenAt: string;
}

export function toErpJobView(row: Selectable<ErpJobsTable>): ErpJobView {
  return {
    ...fromJson<ErpJob>(row.data),
    jobNumber: row.job_number,
    description: row.description,
    status: row.status as ErpJob['status'],
    isTemplate: row.is_template === 1,
    archived: row.archived === 1,
    ...(row.linked_project_id !== null && { linkedProjectId: row.linked_project_id }),
    seenAt: row.seen_at,
  };
}

export function toErpVendorView(row: Selectable<ErpVendorsTable>): ErpVendorView {
  return {
    ...fromJson<ErpVendor>(row.data),
    vendorCode: row.vendor_code,
    name: row.name,
    archived: row.archived === 1,
    ...(row.linked_vendor_id !== null && { linkedVendorId: row.linked_vendor_id }),
    seenAt: row.seen_at,
  };
}

/** The job whose phases are the standard cost code list (Spectrum): an ERP job, never a project's. */
export async function standardJobOf(db: Kysely<DB>, companyId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('erp_connections')
    .select('settings')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return row ? fromJson<{ standardJob?: string }>(row.settings).standardJob : undefined;
}

export async function loadMirrorJob(
  db: Kysely<DB>,
  companyId: string,
  jobNumber: string,
): Promise<Selectable<ErpJobsTable>> {
  const row = await db
    .selectFrom('erp_jobs')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('job_number', '=', jobNumber)
    .executeTakeFirst();
  if (!row) throw notFound(`ERP job ${jobNumber}`);
  return row;
}

export async function loadMirrorVendor(
  db: Kysely<DB>,
  companyId: string,
  vendorCode: string,
): Promise<Selectable<ErpVendorsTable>> {
  const row = await db
    .selectFrom('erp_vendors')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('vendor_code', '=', vendorCode)
    .executeTakeFirst();
  if (!row) throw notFound(`ERP vendor ${vendorCode}`);
  return row;
}

/** Only a job no project is linked to may become a project's, and never the standard cost code job. */
export async function assertJobOnlyInErp(db: Kysely<DB>, row: Selectable<ErpJobsTable>): Promise<void> {
  if (row.linked_project_id !== null)
    throw invalidState(`ERP job ${row.job_number} is already linked to a project`);
  if (row.job_number === (await standardJobOf(db, row.company_id)))
    throw invalidState(`ERP job ${row.job_number} holds the standard cost codes`);
}

export function assertVendorOnlyInErp(row: Selectable<ErpVendorsTable>): void {
  if (row.linked_vendor_id !== null)
    throw invalidState(`ERP vendor ${row.vendor_code} is already linked to a vendor`);
}

/**
 * Links the mirror job to the project inside `trx`. The check above ran before the ERP was read; this
 * conditional update decides a race between two imports or links of one job: the second gets 409.
 */
export async function claimMirrorJob(
  trx: Kysely<DB>,
  row: Selectable<ErpJobsTable>,
  projectId: string,
): Promise<void> {
  const claimed = await trx
    .updateTable('erp_jobs')
    .set({ linked_project_id: projectId })
    .where('company_id', '=', row.company_id)
    .where('job_number', '=', row.job_number)
    .where('linked_project_id', 'is', null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== 1n)
    throw invalidState(`ERP job ${row.job_number} is already linked to a project`);
}

export async function claimMirrorVendor(
  trx: Kysely<DB>,
  row: Selectable<ErpVendorsTable>,
  vendorId: string,
): Promise<void> {
  const claimed = await trx
    .updateTable('erp_vendors')
    .set({ linked_vendor_id: vendorId })
    .where('company_id', '=', row.company_id)
    .where('vendor_code', '=', row.vendor_code)
    .where('linked_vendor_id', 'is', null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== 1n)
    throw invalidState(`ERP vendor ${row.vendor_code} is already linked to a vendor`);
}

/**
 * What the ERP has for a vendor, in the shape a vendor's send snapshot has (see send-subjects/vendor.ts), so a
 * later *Re-send to ERP* lists exactly the fields that differ from the ERP's.
 */
export function syncedVendorSnapshot(vendorId: string, row: Selectable<ErpVendorsTable>) {
  const vendor = fromJson<ErpVendor>(row.data);
  return {
    id: vendorId,
    name: row.name,
    active: true,
    vendorCode: row.vendor_code,
    email: null,
    address: vendor.address ?? null,
  };
}
