import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * Notifications: the company event outbox (the source of webhooks and live events), the mail outbox,
 * the daily summaries (one per user, company and local date), webhooks and their deliveries.
 */
export function notifications(caps: Capabilities) {
  const { timestamp, json } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('company_events')
        .addColumn('id', 'text', (c) => c.primaryKey()) // UUIDv7: time-ordered, the tail's cursor
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('company_events_company_id')
        .on('company_events')
        .columns(['company_id', 'id'])
        .execute();

      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.references('companies.id'))
        .addColumn('to', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('sent_at', timestamp)
        .execute();
      await db.schema.createIndex('mail_outbox_status').on('mail_outbox').columns(['status', 'id']).execute();

      await db.schema
        .createTable('daily_summaries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        /** YYYY-MM-DD in the company's time zone. */
        .addColumn('local_date', 'text', (c) => c.notNull())
        /** pending (being composed, inside the transaction), queued (mail_id set), skipped (nothing waited). */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('mail_id', 'text', (c) => c.references('mail_outbox.id'))
        .addColumn('items', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      // Never twice for the same user, company and local date: every node tries the insert, one wins.
      await db.schema
        .createIndex('daily_summaries_once')
        .on('daily_summaries')
        .columns(['user_id', 'company_id', 'local_date'])
        .unique()
        .execute();
      await db.schema
        .createIndex('daily_summaries_company_date')
        .on('daily_summaries')
        .columns(['company_id', 'local_date'])
        .execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        /** JSON: the event types it receives. */
        .addColumn('events', json, (c) => c.notNull())
        /** The signing secret, sealed with the installation's key. */
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('deleted_at', timestamp)
        .execute();
      await db.schema.createIndex('webhooks_company').on('webhooks').columns(['company_id', 'id']).execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
        .addColumn('event_id', 'text', (c) => c.notNull().references('company_events.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('last_error', 'text')
        /** The delivery this one replays, if any. */
        .addColumn('replay_of', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('delivered_at', timestamp)
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_webhook')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'id'])
        .execute();
    },
  };
}
