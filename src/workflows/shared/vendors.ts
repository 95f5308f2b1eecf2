import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, VendorsTable } from '../../db/schema.ts';
import { loadCompanyRow } from './company-rows.ts';
import type { LastOutcome } from './last-outcomes.ts';
import type { Address } from './projects.ts';
import { type RecordStamps, stampsOf } from './record-stamps.ts';
import { erpView, type RecordRequests, recordRequestsFor } from './requests.ts';

export interface Vendor extends RecordStamps {
  id: string;
  version: number;
  name: string;
  active: boolean;
  /** The ERP vendor code the project side proposes (the approver may choose another at accept). */
  vendorCode: string | null;
  email: string | null;
  address: Address | null;
  /** `vendorCode` here is the code the ERP knows the vendor by, once synced. */
  erp: { status: string; vendorCode?: string; requestId?: string; lastOutcome?: LastOutcome };
}

export const loadVendorRow = (
  db: Kysely<DB>,
  companyId: string,
  vendorId: string,
  options?: { forUpdate?: boolean },
) => loadCompanyRow(db, 'vendors', companyId, vendorId, 'Vendor', options);

/** The vendor as the API and the audit trail show it, given its ERP requests. */
export function vendorView(row: Selectable<VendorsTable>, requests: RecordRequests): Vendor {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    active: row.active === 1,
    vendorCode: row.vendor_code,
    email: row.email,
    address: fromJson<Address>(row.address),
    ...stampsOf(row),
    erp: erpView(row, requests, row.erp_vendor_code ? { vendorCode: row.erp_vendor_code } : undefined),
  };
}

export async function toVendors(db: Kysely<DB>, rows: Selectable<VendorsTable>[]): Promise<Vendor[]> {
  const requestsOf = await recordRequestsFor(
    db,
    'vendor',
    rows.map((r) => r.id),
  );
  return rows.map((row) => vendorView(row, requestsOf(row.id)));
}

export async function toVendor(db: Kysely<DB>, row: Selectable<VendorsTable>): Promise<Vendor> {
  const [vendor] = await toVendors(db, [row]);
  return vendor!;
}

export async function loadVendor(db: Kysely<DB>, companyId: string, vendorId: string): Promise<Vendor> {
  return toVendor(db, await loadVendorRow(db, companyId, vendorId));
}
