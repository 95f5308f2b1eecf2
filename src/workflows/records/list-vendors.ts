import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { toVendors, type Vendor } from '../shared/vendors.ts';

/** Oldest first, paged by id (ids are time-ordered, so the order is stable under concurrent inserts). */
export async function listVendors(
  db: Kysely<DB>,
  props: { companyId: string; limit: number; cursor?: string },
): Promise<{ items: Vendor[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('vendors')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await toVendors(db, page),
    nextCursor,
  };
}
