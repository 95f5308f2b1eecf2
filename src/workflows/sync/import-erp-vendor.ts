import { fromJson, toJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ErpVendor } from '../../erp/connector.ts';
import type { WorkflowContext } from '../context.ts';
import { insertVendor } from '../records/create-vendor.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadVendor, type Vendor } from '../shared/vendors.ts';
import {
  assertVendorOnlyInErp,
  claimMirrorVendor,
  loadMirrorVendor,
  syncedVendorSnapshot,
} from './erp-mirror.ts';

/** *Import* from "Vendors only in ERP": a directory vendor, born synced with the ERP vendor. */
export async function importErpVendor(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; vendorCode: string },
): Promise<Vendor> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const erpVendor = await loadMirrorVendor(trx, props.companyId, props.vendorCode);
    assertVendorOnlyInErp(erpVendor);
    const vendorId = await insertVendor(
      trx,
      {
        actor: props.actor,
        companyId: props.companyId,
        fields: {
          name: erpVendor.name,
          active: true,
          vendorCode: erpVendor.vendor_code,
          address: fromJson<ErpVendor>(erpVendor.data).address ?? null,
        },
      },
      now,
    );
    // Synced from birth; the snapshot names the vendor's own id, known only once it is inserted.
    await trx
      .updateTable('vendors')
      .set({
        erp_vendor_code: erpVendor.vendor_code,
        synced_snapshot: toJson(syncedVendorSnapshot(vendorId, erpVendor)),
      })
      .where('id', '=', vendorId)
      .execute();
    await claimMirrorVendor(trx, erpVendor, vendorId);
    const vendor = await loadVendor(trx, props.companyId, vendorId);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'erp_vendor.imported',
      subjectType: 'vendor',
      subjectId: vendorId,
      after: { vendorCode: erpVendor.vendor_code, vendor },
      at: now,
    });
    return vendor;
  });
}
