import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * The integrator's ecosystem (issue 16):
 * - `api_tokens.expires_at`: a token may be given an end; after it the token no longer signs in;
 * - `webhooks.previous_secret`: during a secret rotation the old secret signs too, for 24 hours, so a
 *   receiver can switch without losing a delivery;
 * - `idempotency_keys`: the first answer to a POST sent with an `Idempotency-Key`, per user, kept 24 hours;
 *   recorded `pending` under its unique key before the request runs, so two concurrent retries cannot
 *   both create.
 */
export function integratorHardening(caps: Capabilities) {
  const { timestamp } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('api_tokens').addColumn('expires_at', timestamp).execute();
      await db.schema.alterTable('webhooks').addColumn('previous_secret', 'text').execute();
      await db.schema.alterTable('webhooks').addColumn('previous_secret_expires_at', timestamp).execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        /** SHA-256 of the method, path and canonical body: the same key with another request is refused. */
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
        .execute();
    },
  };
}
