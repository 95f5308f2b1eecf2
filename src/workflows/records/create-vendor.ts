import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadVendor, type Vendor } from '../shared/vendors.ts';
import { type VendorFields, vendorColumns } from './vendor-fields.ts';

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
