import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

export function foundation(caps: Capabilities) {
  const { timestamp, json } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('companies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('erp_system', 'text', (c) => c.notNull())
        .addColumn('features', json, (c) => c.notNull())
        .addColumn('settings', json, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('is_operator', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('erp_permission', 'text', (c) => c.notNull())
        .addColumn('project_permission', 'text', (c) => c.notNull())
        .addColumn('can_push_to_accounting', 'integer', (c) => c.notNull())
        .addColumn('subscribe_daily_summary', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['company_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('last_used_at', timestamp)
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('before', json)
        .addColumn('after', json)
        .addColumn('comment', 'text')
        .addColumn('at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_events_company_subject')
        .on('audit_events')
        .columns(['company_id', 'subject_type', 'subject_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_events_company_id')
        .on('audit_events')
        .columns(['company_id', 'id'])
        .execute();

      await db.schema
        .createTable('erp_connections')
        .addColumn('company_id', 'text', (c) => c.primaryKey().references('companies.id'))
        .addColumn('system', 'text', (c) => c.notNull())
        .addColumn('settings', json, (c) => c.notNull())
        .addColumn('secrets', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
