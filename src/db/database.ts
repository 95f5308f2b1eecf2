import { resolve } from 'node:path';
import { type Kysely, Migrator } from 'kysely';
import type { Capabilities } from './capabilities.ts';
import { migrations } from './migrations/index.ts';
import { postgresCapabilities } from './postgres/capabilities.ts';
import { connectPostgres, createPool } from './postgres/connect.ts';
import { pipelinedTransactions } from './postgres/pipelined.ts';
import { namedStatementPool, StatementNames } from './postgres/prepared-statements.ts';
import type { DB } from './schema.ts';
import { sqliteCapabilities } from './sqlite/capabilities.ts';
import { connectSqlite } from './sqlite/connect.ts';

export interface Database {
  readonly db: Kysely<DB>;
  readonly caps: Capabilities;
  /** The URL it was opened with (what a second process needs to reach the same data). */
  readonly url: string;
  /**
   * Runs `work` in a transaction where the statements it issues together (with `together`) travel to
   * the database together: on PostgreSQL a pool connection in pipeline mode; on SQLite (in process,
   * nothing travels) an ordinary transaction. For hot paths that write several tables at once; `work`
   * must await every statement it issues.
   */
  pipelinedTransaction<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `file:<path>` opens SQLite at that path; `postgres://…` (or `postgresql://…`) opens PostgreSQL. */
export function openDatabase(url: string, options: { poolSize?: number } = {}): Database {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    const db = connectSqlite(path === ':memory:' ? path : resolve(path));
    return {
      db,
      caps: sqliteCapabilities,
      url,
      pipelinedTransaction: (work) => db.transaction().execute(work),
      close: () => db.destroy(),
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = namedStatementPool(createPool(url, options.poolSize), new StatementNames());
    const db = connectPostgres(pool);
    return {
      db,
      caps: postgresCapabilities,
      url,
      pipelinedTransaction: pipelinedTransactions(pool),
      close: () => db.destroy(),
    };
  }
  throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.split(':')[0]}:…")`);
}

/** Applies every pending migration; safe to run from several processes at once. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const all = migrations(database.caps);
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => all },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
