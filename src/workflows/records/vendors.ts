import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { toJson } from '../../db/json.ts';
import { pageOf } from '../../db/paging.ts';
import type { DB, VendorsTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { AppError, versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Address } from '../shared/projects.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { loadVendor, loadVendorRow, toVendors, type Vendor } from '../shared/vendors.ts';

/** What a project user edits on a vendor of the company directory. */
export interface VendorFields {
  name: string;
  active: boolean;
  /** The ERP vendor code proposed to the approver. */
  vendorCode?: string | null;
  email?: string | null;
  address?: Address | null;
}

type Columns = Partial<Pick<VendorsTable, 'name' | 'active' | 'vendor_code' | 'email' | 'address'>>;

/** Maps the given fields to columns; fields left out stay out (undefined is skipped by Kysely). */
function vendorColumns(fields: Partial<VendorFields>): Columns {
  return {
    name: fields.name,
    active: fields.active === undefined ? undefined : fields.active ? 1 : 0,
    vendor_code: fields.vendorCode,
    email: fields.email,
    address:
      fields.address === undefined ? undefined : fields.address === null ? null : toJson(fields.address),
  };
}

/** Inserts the vendor inside `trx` and answers its id; the caller audits. */
export async function insertVendor(
  trx: Kysely<DB>,
  props: { actor: Actor; companyId: string; fields: VendorFields },
  now: Date,
): Promise<string> {
  const at = now.toISOString();
  const id = newId();
  await trx
    .insertInto('vendors')
    .values({
      id,
      company_id: props.companyId,
      name: props.fields.name,
      active: 1,
      vendor_code: null,
      email: null,
      address: null,
      ...vendorColumns(props.fields),
      created_by: props.actor.userId,
      erp_vendor_code: null,
      synced_snapshot: null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function createVendor(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; fields: VendorFields },
): Promise<Vendor> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const id = await insertVendor(trx, props, now);
    const vendor = await loadVendor(trx, props.companyId, id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'vendor.created',
      subjectType: 'vendor',
      subjectId: id,
      after: vendor,
      at: now,
    });
    return vendor;
  });
}

export interface UpdateVendorProps {
  actor: Actor;
  companyId: string;
  vendorId: string;
  version: number;
  fields: Partial<VendorFields>;
}

export async function updateVendor(ctx: WorkflowContext, props: UpdateVendorProps): Promise<Vendor> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await loadVendorRow(trx, props.companyId, props.vendorId);
    if (row.version !== props.version) throw versionConflict();
    await assertNotAwaitingErp(trx, 'vendor', row.id);
    // A synced vendor is linked to its ERP vendor by the code: name, address, email and the active flag
    // may change, the code may not.
    const { vendorCode } = props.fields;
    if (row.synced_snapshot !== null && vendorCode !== undefined && vendorCode !== row.vendor_code) {
      throw new AppError(
        'invalid_state',
        `The vendor is synced with ERP vendor ${row.erp_vendor_code ?? row.vendor_code}: its vendor code cannot change`,
        [{ path: 'vendorCode', message: 'cannot change once the vendor is synced with the ERP' }],
      );
    }
    const before = await loadVendor(trx, props.companyId, row.id);
    const updated = await trx
      .updateTable('vendors')
      .set({ ...vendorColumns(props.fields), version: row.version + 1, updated_at: now.toISOString() })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw versionConflict();
    const after = await loadVendor(trx, props.companyId, row.id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'vendor.updated',
      subjectType: 'vendor',
      subjectId: row.id,
      before,
      after,
      at: now,
    });
    return after;
  });
}

/** Oldest first, paged by id (ids are time-ordered, so the order is stable under concurrent inserts). */
export async function listVendors(
  db: Kysely<DB>,
  props: { companyId: string; limit: number; cursor?: string },
): Promise<{ items: Vendor[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('vendors')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await toVendors(db, page),
    nextCursor,
  };
}
