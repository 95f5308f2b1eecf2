import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/** What the sync reads from the ERP (written only by the sync), and the sync runs themselves. */
export function erpMirror(caps: Capabilities) {
  const { timestamp, json, bigint } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('erp_jobs')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('job_number', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        /** JSON: the ErpJob as the connector read it (division, customer, price method…). */
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('is_template', 'integer', (c) => c.notNull())
        .addColumn('linked_project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('archived', 'integer', (c) => c.notNull())
        .addColumn('seen_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('erp_jobs_pk', ['company_id', 'job_number'])
        .execute();

      await db.schema
        .createTable('erp_vendors')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('vendor_code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('linked_vendor_id', 'text', (c) => c.references('vendors.id'))
        .addColumn('archived', 'integer', (c) => c.notNull())
        .addColumn('seen_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('erp_vendors_pk', ['company_id', 'vendor_code'])
        .execute();

      await db.schema
        .createTable('erp_job_costs')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('job_number', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('cost_type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('original_estimate', bigint, (c) => c.notNull())
        .addColumn('current_estimate', bigint, (c) => c.notNull())
        .addColumn('job_to_date_actual', bigint, (c) => c.notNull())
        .addColumn('seen_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('erp_job_costs_pk', ['company_id', 'job_number', 'code', 'cost_type'])
        .execute();

      await db.schema
        .createTable('sync_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text')
        /** For scheduled runs, the schedule slot (e.g. its start instant): one run per company and slot. */
        .addColumn('schedule_slot', 'text')
        .addColumn('counts', json)
        .addColumn('error', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('started_at', timestamp)
        .addColumn('finished_at', timestamp)
        .execute();
      await db.schema
        .createIndex('sync_runs_company')
        .on('sync_runs')
        .columns(['company_id', 'id'])
        .execute();
      // One scheduled run per company and slot, whatever the number of nodes: every node's scheduler
      // tries the insert and exactly one wins. Manual runs have no slot; NULLs never collide.
      await db.schema
        .createIndex('sync_runs_schedule_slot')
        .on('sync_runs')
        .columns(['company_id', 'schedule_slot'])
        .unique()
        .execute();
    },
  };
}
