import type { Actor } from '../../domain/actor.ts';
import { invalidState, versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { updateVersioned } from '../shared/update-versioned.ts';
import { loadVendor, loadVendorRow, type Vendor } from '../shared/vendors.ts';
import { type VendorFields, vendorColumns } from './vendor-fields.ts';

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
    // Locked, so that no export is recorded as synced between the checks below and the write.
    const row = await loadVendorRow(trx, props.companyId, props.vendorId, {
      forUpdate: ctx.database.caps.rowLocks,
    });
    if (row.version !== props.version) throw versionConflict();
    await assertNotAwaitingErp(trx, 'vendor', row.id);
    // A synced vendor is linked to its ERP vendor by the code: name, address, email and the active flag
    // may change, the code may not.
    const { vendorCode } = props.fields;
    if (row.synced_snapshot !== null && vendorCode !== undefined && vendorCode !== row.vendor_code) {
      throw invalidState(
        `The vendor is synced with ERP vendor ${row.erp_vendor_code ?? row.vendor_code}: its vendor code cannot change`,
        [{ path: 'vendorCode', message: 'cannot change once the vendor is synced with the ERP' }],
      );
    }
    const before = await loadVendor(trx, props.companyId, row.id);
    await updateVersioned(trx, 'vendors', row, vendorColumns(props.fields), now);
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
