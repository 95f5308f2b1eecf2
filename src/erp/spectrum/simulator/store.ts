import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { migrate } from './migrations.ts';
import {
  type FieldsOf,
  type PutServiceName,
  putServiceNames,
  type SpectrumSimState,
  type StoredRecord,
  type TableName,
  type TableSpec,
  tables,
} from './records.ts';

/** Equality on each field; a list means any of its values (`IN`). */
export type Where<T extends TableName> = Partial<Record<keyof FieldsOf<T>, string | readonly string[]>>;

/**
 * The simulated company's data in SQLite (in memory, or in a file that survives restarts through the
 * very same code path). Column names are the SDX element names; an empty value is NULL, except in key
 * columns, which hold '' so that a key with a blank part stays unique. Statements are prepared once;
 * every lookup a service makes goes through a primary key or an index (records.ts), so a call costs
 * its own rows whatever the size of the company.
 */
export class SpectrumStore {
  readonly #db: SqliteDatabase.Database;
  readonly #statements = new Map<string, SqliteDatabase.Statement>();

  constructor(file?: string) {
    if (file) mkdirSync(dirname(file), { recursive: true });
    this.#db = new SqliteDatabase(file ?? ':memory:');
    try {
      if (file) this.#db.pragma('journal_mode = WAL');
      migrate(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  #statement(sql: string, raw = false): SqliteDatabase.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      if (raw) statement.raw(true);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one SQLite transaction: a Put service stores all of its changes or none. */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  find<T extends TableName>(table: T, key: Where<T>): StoredRecord<T> | undefined {
    return this.#read(table, key, undefined, undefined, 1)[0];
  }

  /** The records matching `where`, ordered by `orderBy` (default: the key). */
  select<T extends TableName>(
    table: T,
    where: Where<T> = {},
    orderBy?: readonly (keyof FieldsOf<T>)[],
  ): StoredRecord<T>[] {
    return this.#read(table, where, orderBy);
  }

  /**
   * Like `select`, reading only the named fields (the others are absent from the records). SQLite's
   * cost grows with every column read, and a Get answers a few of a wide table's columns.
   */
  selectFields<T extends TableName, K extends keyof FieldsOf<T>>(
    table: T,
    fields: readonly K[],
    where: Where<T> = {},
    orderBy?: readonly (keyof FieldsOf<T>)[],
  ): Pick<FieldsOf<T>, K>[] {
    return this.#read(table, where, orderBy, fields as readonly string[]);
  }

  #read<T extends TableName>(
    table: T,
    where: Where<T>,
    orderBy: readonly (keyof FieldsOf<T>)[] | undefined,
    fields: readonly string[] = tables[table].fields,
    limit?: number,
  ): StoredRecord<T>[] {
    const [condition, values] = whereClause(table, where);
    const order = (orderBy ?? (tables[table].key as (keyof FieldsOf<T>)[]))
      .map((f) => `"${String(f)}"`)
      .join(', ');
    const columns = fields.map((field) => `"${field}"`).join(', ');
    const sql = `SELECT ${columns}, writeCount FROM "${table}"${condition} ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`;
    // Rows as arrays: column by position, cheaper than an object per row.
    const rows = this.#statement(sql, true).all(...values) as (string | number | null)[][];
    return rows.map((row) => {
      const record: Record<string, string | number> = {};
      fields.forEach((field, index) => {
        const value = row[index];
        record[field] = value === null || value === undefined ? '' : String(value);
      });
      record.writeCount = Number(row[fields.length] ?? 0);
      return record as StoredRecord<T>;
    });
  }

  /** Stores a record from a Put service (insert or replace on its key) and counts the write on it. */
  save<T extends TableName>(table: T, record: FieldsOf<T>): void {
    this.#upsert(table, record, true);
  }

  /** Stores a seed record unless one with its key exists: seeding a data file twice adds nothing. */
  seed<T extends TableName>(table: T, record: Partial<FieldsOf<T>>): void {
    this.#upsert(table, record, false);
  }

  #upsert<T extends TableName>(table: T, record: Partial<FieldsOf<T>>, write: boolean): void {
    const spec: TableSpec = tables[table];
    const values = spec.fields.map((field) =>
      toColumn(spec, field, (record as Record<string, string | undefined>)[field] ?? ''),
    );
    this.#statement(upsertSql(table, write)).run(...values, write ? 1 : 0);
  }

  /** Changes fields on every matching record without counting a write on them (a shared value moved). */
  updateWhere<T extends TableName>(table: T, where: Where<T>, set: Partial<FieldsOf<T>>): void {
    const spec: TableSpec = tables[table];
    const fields = Object.keys(set);
    const [condition, values] = whereClause(table, where);
    this.#statement(`UPDATE "${table}" SET ${fields.map((f) => `"${f}" = ?`).join(', ')}${condition}`).run(
      ...fields.map((f) => toColumn(spec, f, (set as Record<string, string>)[f] ?? '')),
      ...values,
    );
  }

  countWrite(service: PutServiceName): void {
    this.#statement(
      'INSERT INTO writes (service, count) VALUES (?, 1) ON CONFLICT (service) DO UPDATE SET count = count + 1',
    ).run(service);
  }

  /** Counts one over-long value cut to its Max, as `Service.Element`. */
  countTruncation(element: string): void {
    this.#statement(
      'INSERT INTO truncations (element, count) VALUES (?, 1) ON CONFLICT (element) DO UPDATE SET count = count + 1',
    ).run(element);
  }

  settings(): Record<string, string> {
    const rows = this.#statement('SELECT name, value FROM settings').all() as {
      name: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }

  saveSettings(settings: Readonly<Record<string, string>>): void {
    const statement = this.#statement(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
    this.transaction(() => {
      for (const [name, value] of Object.entries(settings)) statement.run(name, value);
    });
  }

  state(): SpectrumSimState {
    const writes = Object.fromEntries(putServiceNames.map((name) => [name, 0])) as Record<
      PutServiceName,
      number
    >;
    const counted = this.#statement('SELECT service, count FROM writes').all() as {
      service: string;
      count: number;
    }[];
    for (const { service, count } of counted) writes[service as PutServiceName] = count;
    const truncations = this.#statement('SELECT element, count FROM truncations ORDER BY element').all() as {
      element: string;
      count: number;
    }[];
    return {
      jobs: this.select('jobs'),
      phases: this.select('phases'),
      customers: this.select('customers'),
      vendors: this.select('vendors'),
      subcontracts: this.select('subcontracts'),
      subcontractPhases: this.select('subcontractPhases'),
      changeRequests: this.select('changeRequests'),
      changeRequestLines: this.select('changeRequestLines'),
      writes,
      truncatedValues: Object.fromEntries(truncations.map((row) => [row.element, row.count])),
    };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

const upsertStatements = new Map<string, string>();

function upsertSql(table: TableName, write: boolean): string {
  const name = `${table} ${write}`;
  let sql = upsertStatements.get(name);
  if (sql === undefined) {
    const { fields, key } = tables[table] as TableSpec;
    const columns = fields.map((f) => `"${f}"`).join(', ');
    const placeholders = fields.map(() => '?').join(', ');
    const onConflict = write
      ? `DO UPDATE SET ${fields.map((f) => `"${f}" = excluded."${f}"`).join(', ')}, writeCount = writeCount + 1`
      : 'DO NOTHING';
    sql = `INSERT INTO "${table}" (${columns}, writeCount) VALUES (${placeholders}, ?) ON CONFLICT (${key.map((f) => `"${f}"`).join(', ')}) ${onConflict}`;
    upsertStatements.set(name, sql);
  }
  return sql;
}

function whereClause<T extends TableName>(table: T, where: Where<T>): [string, (string | number | null)[]] {
  const spec: TableSpec = tables[table];
  const parts: string[] = [];
  const values: (string | number | null)[] = [];
  for (const [field, wanted] of Object.entries(where) as [string, string | readonly string[] | undefined][]) {
    if (wanted === undefined) continue;
    if (typeof wanted === 'string') {
      parts.push(`"${field}" IS ?`);
      values.push(toColumn(spec, field, wanted));
    } else {
      parts.push(wanted.length ? `"${field}" IN (${wanted.map(() => '?').join(', ')})` : '0');
      values.push(...wanted.map((value) => toColumn(spec, field, value)));
    }
  }
  return [parts.length ? ` WHERE ${parts.join(' AND ')}` : '', values];
}

function toColumn(spec: TableSpec, field: string, value: string): string | number | null {
  if (spec.integers?.includes(field)) return value === '' ? null : Number(value);
  if (value === '') return spec.key.includes(field) ? '' : null;
  return value;
}
