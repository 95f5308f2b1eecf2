import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, VendorsTable } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import type { Address } from './projects.ts';
import { erpStatusOf, type OpenRequest, openRequestsFor } from './requests.ts';

export interface Vendor {
  id: string;
  version: number;
  name: string;
  active: boolean;
  /** The ERP vendor code the project side proposes (the approver may choose another at accept). */
  vendorCode: string | null;
  email: string | null;
  address: Address | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** `vendorCode` here is the code the ERP knows the vendor by, once synced. */
  erp: { status: string; vendorCode?: string; requestId?: string };
}

export async function loadVendorRow(
  db: Kysely<DB>,
  companyId: string,
  vendorId: string,
): Promise<Selectable<VendorsTable>> {
  const row = await db
    .selectFrom('vendors')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', vendorId)
    .executeTakeFirst();
  if (!row) throw notFound('Vendor');
  return row;
}

/** The vendor as the API and the audit trail show it, given its open ERP request (if any). */
export function vendorView(row: Selectable<VendorsTable>, open: OpenRequest | undefined): Vendor {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    active: row.active === 1,
    vendorCode: row.vendor_code,
    email: row.email,
    address: fromJson<Address>(row.address),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    erp: {
      status: erpStatusOf(open, row.synced_snapshot !== null),
      ...(row.erp_vendor_code && { vendorCode: row.erp_vendor_code }),
      ...(open && { requestId: open.id }),
    },
  };
}

export async function toVendors(db: Kysely<DB>, rows: Selectable<VendorsTable>[]): Promise<Vendor[]> {
  const open = await openRequestsFor(
    db,
    'vendor',
    rows.map((r) => r.id),
  );
  return rows.map((row) => vendorView(row, open.get(row.id)));
}

export async function toVendor(db: Kysely<DB>, row: Selectable<VendorsTable>): Promise<Vendor> {
  const [vendor] = await toVendors(db, [row]);
  return vendor!;
}

export async function loadVendor(db: Kysely<DB>, companyId: string, vendorId: string): Promise<Vendor> {
  return toVendor(db, await loadVendorRow(db, companyId, vendorId));
}
