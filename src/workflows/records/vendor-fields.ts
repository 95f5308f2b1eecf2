import { toJson } from '../../db/json.ts';
import type { VendorsTable } from '../../db/schema.ts';
import type { Address } from '../shared/projects.ts';

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
export function vendorColumns(fields: Partial<VendorFields>): Columns {
  return {
    name: fields.name,
    active: fields.active === undefined ? undefined : fields.active ? 1 : 0,
    vendor_code: fields.vendorCode,
    email: fields.email,
    address:
      fields.address === undefined ? undefined : fields.address === null ? null : toJson(fields.address),
  };
}
