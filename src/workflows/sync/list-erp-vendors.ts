import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { type ErpVendorView, toErpVendorView } from './erp-mirror.ts';

/**
 * The mirror's vendors by vendor code. `linked: false` is "Vendors only in ERP" (linked to no directory
 * vendor, not archived); `linked: true` lists the linked ones.
 */
export async function listErpVendors(
  db: Kysely<DB>,
  props: { companyId: string; linked?: boolean; limit: number; cursor?: string },
): Promise<{ items: ErpVendorView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('erp_vendors')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .orderBy('vendor_code')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('vendor_code', '>', props.cursor);
  if (props.linked === true) query = query.where('linked_vendor_id', 'is not', null);
  if (props.linked === false) query = query.where('linked_vendor_id', 'is', null).where('archived', '=', 0);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.vendor_code);
  return {
    items: page.map(toErpVendorView),
    nextCursor,
  };
}
