import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { type ErpVendorView, toErpVendorView } from './erp-mirror.ts';

/**
 * The mirror's vendors by vendor code. `linked: false` is "Vendors only in ERP" (linked to no directory
 * vendor, not archived); `linked: true` lists the linked ones.
 */
export async function listErpVendors(
  db: Kysely<DB>,
  props: PageProps & { companyId: string; linked?: boolean },
): Promise<Page<ErpVendorView>> {
  let query = db.selectFrom('erp_vendors').selectAll().where('company_id', '=', props.companyId);
  if (props.linked === true) query = query.where('linked_vendor_id', 'is not', null);
  if (props.linked === false) query = query.where('linked_vendor_id', 'is', null).where('archived', '=', 0);
  return keysetPage(query, 'vendor_code', props, (rows) => rows.map(toErpVendorView));
}
