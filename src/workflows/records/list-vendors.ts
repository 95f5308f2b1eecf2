import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { containsIgnoringCase } from '../../db/text-match.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { type ErpStatusFilter, erpStatusIn } from '../shared/requests.ts';
import { toVendors, type Vendor } from '../shared/vendors.ts';

export interface ListVendorsProps extends PageProps {
  companyId: string;
  /** Part of the name, the proposed vendor code or the ERP's vendor code, in any case. */
  q?: string;
  active?: boolean;
  /** Any of these ERP statuses (see `erpStatusFilters`). */
  erpStatus?: ErpStatusFilter[];
}

/** Oldest first, paged by id (ids are time-ordered, so the order is stable under concurrent inserts). */
export async function listVendors(db: Kysely<DB>, props: ListVendorsProps): Promise<Page<Vendor>> {
  let query = db.selectFrom('vendors').selectAll().where('company_id', '=', props.companyId);
  const q = props.q?.trim();
  if (q) query = query.where(containsIgnoringCase(['name', 'vendor_code', 'erp_vendor_code'], q));
  if (props.active !== undefined) query = query.where('active', '=', props.active ? 1 : 0);
  if (props.erpStatus) query = query.where(erpStatusIn(db, 'vendor', 'vendors', props.erpStatus));
  return keysetPage(query, 'id', props, (rows) => toVendors(db, rows));
}
