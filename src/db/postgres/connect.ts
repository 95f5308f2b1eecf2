import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../schema.ts';
import { namedStatementPool, type StatementNames } from './prepared-statements.ts';

const { Pool, types } = pg;

function safeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${text} is outside the safe range`);
  return value;
}

/**
 * Parsers chosen so that rows look the same as on SQLite: int8 as a (safe) number, timestamps as ISO
 * strings, JSON as its text. They are set on this pool only, never on pg's global registry.
 */
const parsers: Record<number, (text: string) => unknown> = {
  [types.builtins.INT8]: safeInteger,
  [types.builtins.TIMESTAMPTZ]: (text) => new Date(text).toISOString(),
  [types.builtins.JSON]: (text) => text,
  [types.builtins.JSONB]: (text) => text,
};

export const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    parsers[oid] ?? types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new Pool({ connectionString, max, types: typeParsers });
  // An idle connection the server ends (a restart, a dropped test database) must not crash the
  // process: the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}

export function connectPostgres(pool: pg.Pool, names: StatementNames): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool, names) }) });
}
