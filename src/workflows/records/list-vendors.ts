import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { toVendors, type Vendor } from '../shared/vendors.ts';

/** Oldest first, paged by id (ids are time-ordered, so the order is stable under concurrent inserts). */
export async function listVendors(
  db: Kysely<DB>,
  props: PageProps & { companyId: string },
): Promise<Page<Vendor>> {
  const query = db.selectFrom('vendors').selectAll().where('company_id', '=', props.companyId);
  return keysetPage(query, 'id', props, (rows) => toVendors(db, rows));
}
