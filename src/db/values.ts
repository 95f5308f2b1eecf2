import { type RawBuilder, sql } from 'kysely';
import type { Capabilities } from './capabilities.ts';

export type ValueType = 'text' | 'integer' | 'bigint' | 'json' | 'timestamp';

const typeName = (caps: Capabilities, type: ValueType) =>
  type === 'json' || type === 'bigint' || type === 'timestamp' ? caps.types[type] : type;

/**
 * Many rows as a table, to write them with one statement on both databases: `update … from ${rows} as
 * v` or `insert … select * from ${rows} as v`, the columns named column1, column2, …. Each value is cast
 * to its column's type (PostgreSQL would take an untyped parameter as text, which a jsonb or integer
 * column refuses). On PostgreSQL the rows travel as one array per column (`unnest`), so a batch of
 * thousands is a handful of parameters instead of one per value.
 */
export function valuesList(
  caps: Capabilities,
  types: readonly ValueType[],
  rows: unknown[][],
): RawBuilder<unknown> {
  const typeNames = types.map((type) => sql.raw(typeName(caps, type)));
  if (caps.rowsAsArrays) {
    const columns = types.map((_, i) => `column${i + 1}`).join(', ');
    const arrays = typeNames.map((name, i) => sql`cast(${rows.map((row) => row[i])} as ${name}[])`);
    return sql`(select * from unnest(${sql.join(arrays)}) as u(${sql.raw(columns)}))`;
  }
  const row = (values: unknown[]) =>
    sql`(${sql.join(values.map((value, i) => sql`cast(${value} as ${typeNames[i]!})`))})`;
  return sql`(values ${sql.join(rows.map(row))})`;
}
