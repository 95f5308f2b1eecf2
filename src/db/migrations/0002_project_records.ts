import { type Kysely, sql } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/** Project-side records, the ERP mirror of cost codes and cost types, and the gate's requests. */
export function projectRecords(caps: Capabilities) {
  const { timestamp, json, bigint } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['standard_cost_codes', 'cost_types'] as const) {
        let builder = db.schema
          .createTable(table)
          .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull());
        if (table === 'cost_types') builder = builder.addColumn('kind', 'text', (c) => c.notNull());
        await builder
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('updated_at', timestamp, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['company_id', 'code'])
          .execute();
      }

      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('number', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('division', 'text')
        .addColumn('price_method', 'text')
        .addColumn('taxable', 'integer')
        .addColumn('customer_code', 'text')
        .addColumn('cost_center', 'text')
        .addColumn('address', json)
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('erp_job_number', 'text')
        .addColumn('synced_snapshot', json)
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('projects_company').on('projects').columns(['company_id', 'id']).execute();

      await db.schema
        .createTable('project_cost_codes')
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('cost_type', 'text', (c) => c.notNull())
        .addColumn('erp_status', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('project_cost_codes_pk', ['project_id', 'code', 'cost_type'])
        .execute();

      await db.schema
        .createTable('budgets')
        .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('locked', 'integer', (c) => c.notNull())
        .addColumn('synced_snapshot', json)
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('budget_lines')
        .addColumn('project_id', 'text', (c) => c.notNull().references('budgets.project_id'))
        .addColumn('cost_code', 'text', (c) => c.notNull())
        .addColumn('cost_type', 'text', (c) => c.notNull())
        .addColumn('amount', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('budget_lines_pk', ['project_id', 'cost_code', 'cost_type'])
        .execute();

      await db.schema
        .createTable('vendors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('vendor_code', 'text')
        .addColumn('email', 'text')
        .addColumn('address', json)
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('erp_vendor_code', 'text')
        .addColumn('synced_snapshot', json)
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vendors_company').on('vendors').columns(['company_id', 'id']).execute();

      for (const table of ['commitments', 'change_orders'] as const) {
        let builder = db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'));
        builder =
          table === 'commitments'
            ? builder
                .addColumn('type', 'text', (c) => c.notNull())
                .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
                .addColumn('retention_basis_points', 'integer')
            : builder
                .addColumn('commitment_id', 'text', (c) => c.notNull().references('commitments.id'))
                .addColumn('description', 'text');
        await builder
          .addColumn('number', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('erp_ids', json)
          .addColumn('synced_snapshot', json)
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', timestamp, (c) => c.notNull())
          .addColumn('updated_at', timestamp, (c) => c.notNull())
          .execute();
        const parent = table === 'commitments' ? 'project_id' : 'commitment_id';
        await db.schema
          .createIndex(`${table}_number`)
          .on(table)
          .columns([parent, 'number'])
          .unique()
          .execute();

        const lines = table === 'commitments' ? 'commitment_lines' : 'change_order_lines';
        const owner = table === 'commitments' ? 'commitment_id' : 'change_order_id';
        await db.schema
          .createTable(lines)
          .addColumn(owner, 'text', (c) => c.notNull().references(`${table}.id`))
          .addColumn('line_no', 'integer', (c) => c.notNull())
          .addColumn('cost_code', 'text', (c) => c.notNull())
          .addColumn('cost_type', 'text', (c) => c.notNull())
          .addColumn('amount', bigint, (c) => c.notNull())
          .addColumn('description', 'text')
          .addPrimaryKeyConstraint(`${lines}_pk`, [owner, 'line_no'])
          .execute();
      }

      await db.schema
        .createTable('erp_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('subject_label', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('sent_at', timestamp, (c) => c.notNull())
        .addColumn('snapshot', json, (c) => c.notNull())
        .addColumn('requested_updates', json)
        .addColumn('preflight', json, (c) => c.notNull())
        .addColumn('accept_options', json)
        .addColumn('result', json)
        .addColumn('error', json)
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      // A record has at most one open request: the database itself refuses a second.
      await db.schema
        .createIndex('erp_requests_one_open')
        .on('erp_requests')
        .columns(['kind', 'subject_id'])
        .unique()
        .where(sql.ref('status'), 'in', sql`('ready_to_export', 'ready_to_update', 'exporting', 'failed')`)
        .execute();
      await db.schema
        .createIndex('erp_requests_queue')
        .on('erp_requests')
        .columns(['company_id', 'status', 'id'])
        .execute();
      await db.schema
        .createIndex('erp_requests_subject')
        .on('erp_requests')
        .columns(['subject_id', 'id'])
        .execute();

      await db.schema
        .createTable('erp_request_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('erp_requests.id'))
        .addColumn('at', timestamp, (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('detail', json)
        .execute();
      await db.schema
        .createIndex('erp_request_events_request')
        .on('erp_request_events')
        .columns(['request_id', 'id'])
        .execute();
    },
  };
}
