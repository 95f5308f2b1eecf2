import { isDeepStrictEqual } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { Capabilities } from '../../db/capabilities.ts';
import { fromJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import { type ValueType, valuesList } from '../../db/values.ts';

type MirrorTable = 'erp_jobs' | 'erp_vendors' | 'erp_job_costs' | 'standard_cost_codes' | 'cost_types';
type Column<T extends MirrorTable> = keyof DB[T] & string;

/** Columns with their types (see `valuesList`). */
type Typed<T extends MirrorTable> = { readonly [C in Column<T>]?: ValueType };

/**
 * A mirror table as the sync writes it: one company's rows, keyed by text columns; the ERP's values
 * compared and set, ours written once. Make one with `mirrorSpec`, which checks that every column is named.
 */
export interface MirrorSpec<T extends MirrorTable> {
  table: T;
  /** What tells the company's rows apart: with `company_id`, the upsert's conflict target. */
  key: readonly Column<T>[];
  /** The ERP's values: compared with the stored ones (JSON as values) and set when they differ. */
  compared: Typed<T>;
  /** Ours (links, flags): written when the row is new, never updated. */
  ours: Typed<T>;
  /** The timestamp of when the ERP's values were last new: set with them, never compared. */
  seen: Column<T>;
}

type Unnamed<T extends MirrorTable, S extends MirrorSpec<T>> = Exclude<
  Column<T>,
  'company_id' | S['key'][number] | keyof S['compared'] | keyof S['ours'] | S['seen']
>;

/** The spec as given; a column it leaves out (which an insert would never write) is a type error. */
export const mirrorSpec = <T extends MirrorTable, const S extends MirrorSpec<T>>(
  spec: S & { table: T } & ([Unnamed<T, S>] extends [never] ? unknown : { unnamed: Unnamed<T, S> }),
): S => spec;

/** A stored row as `upsertChanged` compares it: its key and compared columns. */
export type StoredRow<S extends MirrorSpec<T>, T extends MirrorTable = S['table']> = Pick<
  DB[T],
  S['key'][number] | (keyof S['compared'] & Column<T>)
>;

/** The columns to read stored rows with, for `upsertChanged`. */
export const storedColumns = <K extends string, C extends string>(spec: {
  key: readonly K[];
  compared: { readonly [N in C]?: ValueType };
}): (K | C)[] => [...spec.key, ...(Object.keys(spec.compared) as C[])];

/**
 * Rows per statement. PostgreSQL takes a batch as a few array parameters whatever its size; SQLite takes a
 * parameter per value (at most 32,766).
 */
const batchSize = (caps: Capabilities) => (caps.rowsAsArrays ? 5_000 : 500);

/**
 * JSON is compared as the value it holds: PostgreSQL's jsonb answers its own spacing and key order.
 * Equal texts are equal values: the common case, checked without parsing.
 */
const sameValue = (type: ValueType, a: unknown, b: unknown) =>
  a === b || (type === 'json' && isDeepStrictEqual(fromJson(a as string), fromJson(b as string)));

/**
 * Writes the company's `rows` that are new or differ from `stored` (its rows as read before), each key
 * once (one upsert may not touch a row twice), and answers how many it wrote. An update sets only the
 * compared columns and `seen`: the others are ours. A batch per statement, each batch one table of
 * values (see `valuesList`).
 */
export async function upsertChanged<T extends MirrorTable>(
  trx: Kysely<DB>,
  caps: Capabilities,
  spec: MirrorSpec<T>,
  rows: readonly DB[T][],
  stored: readonly Partial<DB[T]>[],
): Promise<number> {
  const compared = Object.entries(spec.compared) as [Column<T>, ValueType][];
  const key = (row: Partial<DB[T]>) => spec.key.map((name) => row[name]).join('\u0000');
  const before = new Map(stored.map((row) => [key(row), row]));
  const changed = [...new Map(rows.map((row) => [key(row), row])).values()].filter((row) => {
    const was = before.get(key(row));
    return was === undefined || !compared.every(([name, type]) => sameValue(type, was[name], row[name]));
  });
  const columns: [Column<T>, ValueType][] = [
    ['company_id' as Column<T>, 'text'],
    ...spec.key.map((name): [Column<T>, ValueType] => [name, 'text']),
    ...compared,
    ...(Object.entries(spec.ours) as [Column<T>, ValueType][]),
    [spec.seen, 'timestamp'],
  ];
  const names = columns.map(([name]) => name);
  const types = columns.map(([, type]) => type);
  const target = ['company_id', ...spec.key];
  const set = [...compared.map(([name]) => name), spec.seen];
  const size = batchSize(caps);
  for (let i = 0; i < changed.length; i += size) {
    const batch = changed.slice(i, i + size).map((row) => names.map((name) => row[name]));
    // `where true`: SQLite needs it to tell an upsert's `on conflict` from a join's.
    await sql`
      insert into ${sql.table(spec.table)} (${sql.join(names.map((name) => sql.ref(name)))})
      select * from ${valuesList(caps, types, batch)} as v where true
      on conflict (${sql.join(target.map((name) => sql.ref(name)))}) do update
      set ${sql.join(set.map((name) => sql`${sql.ref(name)} = ${sql.ref(`excluded.${name}`)}`))}`.execute(
      trx,
    );
  }
  return changed.length;
}
