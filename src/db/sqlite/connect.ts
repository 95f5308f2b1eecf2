import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, Kysely, SqliteDialect, SqliteDriver } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * Every transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so two processes
 * never both read under a deferred lock and then fail to upgrade it (SQLITE_BUSY mid-transaction).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  constructor(database: SqliteDatabase.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

export function connectSqlite(path: string): Kysely<DB> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // SQLite's own lower() folds ASCII only; PostgreSQL's folds every letter, so searches ignoring case
  // (db/text-match.ts) would find "École" with "éc" there and not here.
  database.function('lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  reusePreparedStatements(database);
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect(database) });
}

/** Statements kept, by their SQL: enough for every query shape the application runs. */
const preparedStatements = 500;

/**
 * Kysely prepares every statement it runs, and compiling the SQL again costs SQLite as much as running
 * a short statement (a third of an export's database time in bench/export.ts). The database keeps its
 * statements by their SQL (the least recently used leave past {@link preparedStatements}) and hands the
 * same one out again, unless it is still busy (a select being iterated). Kysely runs one statement at a
 * time per connection, and SQLite re-prepares a kept statement itself after a schema change.
 */
function reusePreparedStatements(database: SqliteDatabase.Database): void {
  const prepare = database.prepare.bind(database);
  const kept = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      kept.delete(source); // and in again: most recently used last
      kept.set(source, statement);
      return statement;
    }
    const fresh = prepare(source);
    kept.set(source, fresh);
    if (kept.size > preparedStatements) kept.delete(kept.keys().next().value!);
    return fresh;
  }) as SqliteDatabase.Database['prepare'];
}
