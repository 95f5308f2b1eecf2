import { type RawBuilder, sql } from 'kysely';
import type { Capabilities } from './capabilities.ts';

export type ValueType = 'text' | 'integer' | 'json';

/**
 * `(values (…), (…))`, to change many rows with one `update … from (values …) as v` on both databases
 * (the columns are named column1, column2, … by both). Each value is cast to its column's type:
 * PostgreSQL would take an untyped parameter as text, which a jsonb or integer column refuses.
 */
export function valuesList(
  caps: Capabilities,
  types: readonly ValueType[],
  rows: unknown[][],
): RawBuilder<unknown> {
  const typeNames = types.map((type) => sql.raw(type === 'json' ? caps.types.json : type));
  const row = (values: unknown[]) =>
    sql`(${sql.join(values.map((value, i) => sql`cast(${value} as ${typeNames[i]!})`))})`;
  return sql`(values ${sql.join(rows.map(row))})`;
}
