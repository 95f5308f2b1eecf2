import { toJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import { AppError, versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
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
    const row = await loadVendorRow(trx, props.companyId, props.vendorId);
    if (row.synced_snapshot !== null)
      throw new AppError(
        'invalid_state',
        `The vendor is already synced with ERP vendor ${row.erp_vendor_code}`,
      );
    await assertNotAwaitingErp(trx, 'vendor', row.id);
    await claimMirrorVendor(trx, erpVendor, row.id);
    const updated = await trx
      .updateTable('vendors')
      .set({
        vendor_code: erpVendor.vendor_code,
        erp_vendor_code: erpVendor.vendor_code,
        synced_snapshot: toJson(syncedVendorSnapshot(row.id, erpVendor)),
        version: row.version + 1,
        updated_at: now.toISOString(),
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw versionConflict();
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
