import { type Kysely, sql } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * What following Trimble's SDX documentation needs of our data (issue 12):
 * - job costs as Spectrum reports them: GetPhase returns no original estimate (now nullable) and a
 *   projected cost. The table is a mirror only the sync writes, so it is made anew and the next sync
 *   fills it;
 * - each commitment line keeps an item number for its life, the bid item Spectrum keys it by (a
 *   position would shift when a line is removed); existing lines take their position as their item;
 * - the change request number of a change order, unique on its ERP job, allocated once and kept;
 * - the claims exports record on the key they create (ERP.md §1), in a narrow table of their own (an
 *   export's request row is wide; rewriting it before every create cost more than the create). The
 *   claims of exports under way, once `result.jobClaimed` (which named no key), move there.
 */
export function spectrumProfile(caps: Capabilities) {
  const { bigint, timestamp } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('erp_job_costs').execute();
      await db.schema
        .createTable('erp_job_costs')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('job_number', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('cost_type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('original_estimate', bigint)
        .addColumn('current_estimate', bigint, (c) => c.notNull())
        .addColumn('job_to_date_actual', bigint, (c) => c.notNull())
        .addColumn('projected_cost', bigint)
        .addColumn('seen_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('erp_job_costs_pk', ['company_id', 'job_number', 'code', 'cost_type'])
        .execute();

      await db.schema
        .alterTable('commitment_lines')
        .addColumn('item', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update commitment_lines set item = line_no`.execute(db);
      await db.schema
        .createIndex('commitment_lines_item')
        .unique()
        .on('commitment_lines')
        .columns(['commitment_id', 'item'])
        .execute();
      await db.schema
        .alterTable('commitments')
        .addColumn('next_item', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await sql`
        update commitments
           set next_item = 1 + coalesce(
             (select max(line_no) from commitment_lines where commitment_id = commitments.id), 0)`.execute(
        db,
      );

      await db.schema
        .createTable('erp_change_request_numbers')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('job_number', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('change_order_id', 'text', (c) => c.notNull().unique().references('change_orders.id'))
        .addPrimaryKeyConstraint('erp_change_request_numbers_pk', ['company_id', 'job_number', 'number'])
        .execute();

      await db.schema
        .createTable('erp_export_claims')
        .addColumn('request_id', 'text', (c) => c.primaryKey().references('erp_requests.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('claimed_at', timestamp, (c) => c.notNull())
        .execute();
      const { rows } = await sql<{ id: string; accept_options: string; result: string; updated_at: string }>`
        select id, accept_options, result, updated_at from erp_requests
         where kind = 'project' and status in ('exporting', 'failed') and result is not null`.execute(db);
      for (const row of rows) {
        const { jobClaimed } = JSON.parse(row.result) as { jobClaimed?: boolean };
        const { jobNumber } = JSON.parse(row.accept_options) as { jobNumber?: string };
        if (jobClaimed && jobNumber) {
          await sql`insert into erp_export_claims (request_id, key, claimed_at)
                    values (${row.id}, ${jobNumber}, ${row.updated_at})`.execute(db);
          await sql`update erp_requests set result = null where id = ${row.id}`.execute(db);
        }
      }
    },
  };
}
