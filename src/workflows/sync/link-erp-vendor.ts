import { toJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { updateVersioned } from '../shared/update-versioned.ts';
import { loadVendor, loadVendorRow, type Vendor } from '../shared/vendors.ts';
import {
  assertVendorOnlyInErp,
  claimMirrorVendor,
  loadMirrorVendor,
  syncedVendorSnapshot,
} from './erp-mirror.ts';

/**
 * *Link*: a directory vendor the ERP does not know yet becomes synced with a vendor from "Vendors only
 * in ERP". It keeps its own fields; its synced snapshot is the ERP's, so a later *Re-send* shows what
 * differs.
 */
export async function linkErpVendor(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; vendorCode: string; vendorId: string },
): Promise<Vendor> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const erpVendor = await loadMirrorVendor(trx, props.companyId, props.vendorCode);
    assertVendorOnlyInErp(erpVendor);
    // Locked, so that no export is recorded as synced between the checks below and the write.
    const row = await loadVendorRow(trx, props.companyId, props.vendorId, {
      forUpdate: ctx.database.caps.rowLocks,
    });
    if (row.synced_snapshot !== null)
      throw invalidState(`The vendor is already synced with ERP vendor ${row.erp_vendor_code}`);
    await assertNotAwaitingErp(trx, 'vendor', row.id);
    await claimMirrorVendor(trx, erpVendor, row.id);
    const synced = toJson(syncedVendorSnapshot(row.id, erpVendor));
    await updateVersioned(
      trx,
      'vendors',
      row,
      { vendor_code: erpVendor.vendor_code, erp_vendor_code: erpVendor.vendor_code, synced_snapshot: synced },
      now,
    );
    const vendor = await loadVendor(trx, props.companyId, row.id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'erp_vendor.linked',
      subjectType: 'vendor',
      subjectId: row.id,
      before: { vendorCode: row.vendor_code },
      after: { vendorCode: erpVendor.vendor_code },
      at: now,
    });
    return vendor;
  });
}
