import { type Kysely, sql } from 'kysely';

/**
 * The vendor code a vendor request's export writes, in a column of its own (it was only inside
 * `accept_options`): an accept checks its code against the exports under way with one indexed lookup,
 * where reading every request under way made a bulk accept of thousands of vendors quadratic.
 */
export function requestVendorCodes() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('erp_requests').addColumn('vendor_code', 'text').execute();
      await db.schema
        .createIndex('erp_requests_vendor_code')
        .on('erp_requests')
        .columns(['company_id', 'vendor_code'])
        .where(sql.ref('vendor_code'), 'is not', null)
        .execute();
      const { rows } = await sql<{ id: string; accept_options: string }>`
        select id, accept_options from erp_requests
         where kind = 'vendor' and accept_options is not null`.execute(db);
      for (const row of rows) {
        const { vendorCode } = JSON.parse(row.accept_options) as { vendorCode?: string };
        if (vendorCode)
          await sql`update erp_requests set vendor_code = ${vendorCode} where id = ${row.id}`.execute(db);
      }
    },
  };
}
