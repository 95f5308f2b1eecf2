import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * Sign-in attempts counted in the database, so that every API process counts against one limit: per
 * process, two processes behind a load balancer let an account be guessed at twice as fast. A row is a
 * key's current one-minute window; windows that ended are deleted as attempts come.
 */
export function loginAttempts(caps: Capabilities) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_started_ms', caps.types.bigint, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_window')
        .on('login_attempts')
        .column('window_started_ms')
        .execute();
    },
  };
}
