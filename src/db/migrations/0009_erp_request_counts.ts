import type { Kysely } from 'kysely';

/**
 * The queue's counts per kind and status (`GET …/erp/requests/counts`) read from this index alone,
 * without visiting a row: fast however many requests a company keeps. Its `id` also serves lists
 * filtered by kind, in id order.
 */
export function erpRequestCounts() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('erp_requests_kind_status')
        .on('erp_requests')
        .columns(['company_id', 'kind', 'status', 'id'])
        .execute();
    },
  };
}
