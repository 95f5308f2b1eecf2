import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../schema.ts';
import { kyselyClient, type NamedStatementPool } from './prepared-statements.ts';

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

/**
 * Connections in pipeline mode: a statement is written without waiting for the answers before it, which
 * pipelined transactions use (pipelined.ts); one statement at a time, as Kysely issues them, is unchanged.
 */
export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new Pool({ connectionString, max, types: typeParsers, pipeline: true });
  // An idle connection the server ends (a restart, a dropped test database) must not crash the
  // process: the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}

export function connectPostgres(pool: NamedStatementPool): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: { connect: async () => kyselyClient(await pool.connect()), end: pool.end },
    }),
  });
}
