import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { fromHundredths, toHundredths } from './decimals.ts';
import {
  type FieldsOf,
  type PutServiceName,
  putServiceNames,
  type SimSettings,
  type SpectrumSimState,
  type StoredRecord,
  type TableName,
  tables,
} from './records.ts';

type Row = Record<string, string | number | null>;

/**
 * The simulated company's data in SQLite (in memory, or in a file that survives restarts through the
 * very same code path). Column names are the SDX field names; empty values are stored as NULL and
 * two-decimal numbers as integer hundredths.
 */
export class SpectrumStore {
  readonly #db: SqliteDatabase.Database;
  readonly #statements = new Map<string, SqliteDatabase.Statement>();

  constructor(file?: string) {
    if (file) mkdirSync(dirname(file), { recursive: true });
    this.#db = new SqliteDatabase(file ?? ':memory:');
    if (file) this.#db.pragma('journal_mode = WAL');
    this.#createSchema();
  }

  #createSchema(): void {
    for (const [name, spec] of Object.entries(tables)) {
      const columns = spec.fields.map((field) => {
        const type = isDecimal(name as TableName, field) ? 'INTEGER' : 'TEXT';
        // Key columns hold '' for an empty key part (e.g. no bid item), so that the primary key is unique.
        const notNull = isKey(name as TableName, field) ? " NOT NULL DEFAULT ''" : '';
        return `"${field}" ${type}${notNull}`;
      });
      const key = spec.key.map((field) => `"${field}"`).join(', ');
      this.#db.exec(
        `CREATE TABLE IF NOT EXISTS "${name}" (${columns.join(', ')}, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (${key}))`,
      );
    }
    this.#db.exec('CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.#db.exec('CREATE TABLE IF NOT EXISTS writes (service TEXT PRIMARY KEY, count INTEGER NOT NULL)');
  }

  #statement(sql: string): SqliteDatabase.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one SQLite transaction: a Put service stores all of its changes or none. */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  find<T extends TableName>(table: T, key: Partial<FieldsOf<T>>): StoredRecord<T> | undefined {
    return this.list(table, key)[0];
  }

  /** The records whose fields equal every given value, in key order. */
  list<T extends TableName>(table: T, where: Partial<FieldsOf<T>> = {}): StoredRecord<T>[] {
    const fields = Object.keys(where);
    const condition = fields.length ? ` WHERE ${fields.map((f) => `"${f}" IS ?`).join(' AND ')}` : '';
    const order = tables[table].key.map((f) => `"${f}"`).join(', ');
    const rows = this.#statement(`SELECT * FROM "${table}"${condition} ORDER BY ${order}`).all(
      ...fields.map((field) => toColumn(table, field, (where as Record<string, string>)[field] ?? '')),
    ) as Row[];
    return rows.map((row) => fromRow(table, row));
  }

  /** Stores a record from a Put service (insert or update on its key) and counts the write on it. */
  save<T extends TableName>(table: T, record: FieldsOf<T>): void {
    this.#upsert(table, record, 'DO UPDATE SET', 1);
  }

  /** Stores a seed record unless one with its key exists: seeding a data file twice adds nothing. */
  seed<T extends TableName>(table: T, record: FieldsOf<T>): void {
    this.#upsert(table, record, 'DO NOTHING', 0);
  }

  #upsert<T extends TableName>(
    table: T,
    record: FieldsOf<T>,
    onConflict: 'DO UPDATE SET' | 'DO NOTHING',
    writes: number,
  ): void {
    const { fields, key } = tables[table];
    const columns = fields.map((f) => `"${f}"`).join(', ');
    const placeholders = fields.map(() => '?').join(', ');
    const update =
      onConflict === 'DO NOTHING'
        ? ''
        : ` ${fields.map((f) => `"${f}" = excluded."${f}"`).join(', ')}, writeCount = writeCount + 1`;
    const sql = `INSERT INTO "${table}" (${columns}, writeCount) VALUES (${placeholders}, ?) ON CONFLICT (${key.map((f) => `"${f}"`).join(', ')}) ${onConflict}${update}`;
    const values = fields.map((field) =>
      toColumn(table, field, (record as Record<string, string>)[field] ?? ''),
    );
    this.#statement(sql).run(...values, writes);
  }

  /** Changes fields on every matching record without counting a write on them (a shared value moved). */
  updateWhere<T extends TableName>(table: T, where: Partial<FieldsOf<T>>, set: Partial<FieldsOf<T>>): void {
    const whereFields = Object.keys(where);
    const setFields = Object.keys(set);
    const sql = `UPDATE "${table}" SET ${setFields.map((f) => `"${f}" = ?`).join(', ')} WHERE ${whereFields.map((f) => `"${f}" IS ?`).join(' AND ')}`;
    this.#statement(sql).run(
      ...setFields.map((f) => toColumn(table, f, (set as Record<string, string>)[f] ?? '')),
      ...whereFields.map((f) => toColumn(table, f, (where as Record<string, string>)[f] ?? '')),
    );
  }

  countWrite(service: PutServiceName): void {
    this.#statement(
      'INSERT INTO writes (service, count) VALUES (?, 1) ON CONFLICT (service) DO UPDATE SET count = count + 1',
    ).run(service);
  }

  settings(): Partial<SimSettings> {
    const rows = this.#statement('SELECT name, value FROM settings').all() as {
      name: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }

  saveSettings(settings: SimSettings): void {
    const statement = this.#statement(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
    this.transaction(() => {
      for (const [name, value] of Object.entries(settings)) statement.run(name, value);
    });
  }

  state(): SpectrumSimState {
    const counted = this.#statement('SELECT service, count FROM writes').all() as {
      service: PutServiceName;
      count: number;
    }[];
    const writes = Object.fromEntries(putServiceNames.map((name) => [name, 0])) as Record<
      PutServiceName,
      number
    >;
    for (const { service, count } of counted) writes[service] = count;
    return {
      jobs: this.list('jobs'),
      phases: this.list('phases'),
      vendors: this.list('vendors'),
      subcontracts: this.list('subcontracts'),
      subcontractPhases: this.list('subcontractPhases'),
      changeRequests: this.list('changeRequests'),
      writes,
    };
  }

  close(): void {
    this.#db.close();
  }
}

const decimalColumns = columnSets('decimals');
const keyColumns = columnSets('key');

function columnSets(kind: 'decimals' | 'key'): Record<TableName, ReadonlySet<string>> {
  const entries = Object.entries(tables).map(([name, spec]) => [name, new Set<string>(spec[kind])]);
  return Object.fromEntries(entries);
}

function isDecimal(table: TableName, field: string): boolean {
  return decimalColumns[table].has(field);
}

function isKey(table: TableName, field: string): boolean {
  return keyColumns[table].has(field);
}

function toColumn(table: TableName, field: string, value: string): string | number | null {
  if (value === '') return isKey(table, field) ? '' : null;
  return isDecimal(table, field) ? toHundredths(value) : value;
}

function fromRow<T extends TableName>(table: T, row: Row): StoredRecord<T> {
  const record: Record<string, string | number> = {};
  for (const field of tables[table].fields) {
    const value = row[field];
    record[field] =
      value === null || value === undefined
        ? ''
        : isDecimal(table, field)
          ? fromHundredths(Number(value))
          : String(value);
  }
  record.writeCount = Number(row.writeCount);
  return record as StoredRecord<T>;
}
