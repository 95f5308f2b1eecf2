import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import stableStringify from 'safe-stable-stringify';
import type { JobQueue } from '../jobs/queue.ts';
import { type Database, migrateToLatest } from './database.ts';
import type { DB } from './schema.ts';

/** Tables that are not the installation's data: the migrator's own and the job queues' (copied as jobs). */
const notCopied = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'ledgergate_jobs',
  'ledgergate_job_workers',
]);
const batchSize = 500;

export interface TableReport {
  table: string;
  rows: number;
  /** SHA-256 of the table's rows, each in one canonical form (see canonicalRow), in any order. */
  checksum: string;
}

export interface CopyReport {
  tables: TableReport[];
  jobs: number;
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const loose = (db: Kysely<DB>) => db as unknown as AnyDb;

/**
 * Copies a whole installation from one database to another (SQLite ↔ PostgreSQL, or the same kind): every
 * table of ours in foreign-key order, then the queue's pending jobs (through the target's own queue, since
 * SQLite and graphile-worker keep jobs differently). Both are migrated to the latest schema first; a target
 * holding any row is refused, so nothing is ever merged. Rows and jobs are written in one transaction, and
 * each table's row count and checksum compared with the source's before it commits: a failed or differing
 * copy leaves the target empty. (Our ids are text, so there are no sequences to carry over.)
 *
 * The source should not be in use meanwhile (stop its server and workers): the copy reads it as it is.
 */
export async function copyInstallation(
  from: { database: Database; queue: JobQueue },
  to: { database: Database; queue: JobQueue },
): Promise<CopyReport> {
  const [source, target] = [from.database, to.database];
  await migrateToLatest(source);
  await migrateToLatest(target);
  const tables = await tablesInOrder(source);
  const occupied = [];
  for (const table of tables) if ((await countRows(target, table)) > 0) occupied.push(table);
  if (occupied.length > 0)
    throw new Error(
      `the target is not empty (rows in ${occupied.join(', ')}): copy only into a new database`,
    );

  await Promise.all([from.queue.prepare(), to.queue.prepare()]);
  const jobs = await from.queue.pendingJobs();
  const keys = await primaryKeys(source, tables);
  const shapes = await columnShapes(source.caps.dialect === 'postgres' ? source : target);
  const report = await target.db.transaction().execute(async (trx) => {
    for (const table of tables) {
      for await (const rows of readInBatches(source.db, table, keys.get(table)!))
        await loose(trx).insertInto(table).values(rows).execute();
    }
    for (const { kind, payload, ...options } of jobs) await to.queue.enqueue(trx, kind, payload, options);
    // Verified before the commit: a copy that differs is rolled back, and the target stays empty.
    const verified: TableReport[] = [];
    for (const table of tables) {
      const [copied, original] = await Promise.all([
        tableReport(trx, table, keys.get(table)!, shapes),
        tableReport(source.db, table, keys.get(table)!, shapes),
      ]);
      if (copied.rows !== original.rows || copied.checksum !== original.checksum)
        throw new Error(
          `verification failed for ${table}: ${original.rows} rows (${original.checksum.slice(0, 12)}) in the ` +
            `source, ${copied.rows} (${copied.checksum.slice(0, 12)}) in the copy; nothing was kept`,
        );
      verified.push(copied);
    }
    return verified;
  });
  // The queue reads through its own connection: its jobs are counted once committed.
  const copiedJobs = (await to.queue.pendingJobs()).length;
  if (copiedJobs !== jobs.length)
    throw new Error(`verification failed for the queue: ${jobs.length} pending jobs, ${copiedJobs} copied`);
  return { tables: report, jobs: copiedJobs };
}

/** Our tables, each after the tables its foreign keys point to. */
async function tablesInOrder(database: Database): Promise<string[]> {
  const tables = (await database.db.introspection.getTables())
    .filter(
      (table) => (table.schema === undefined || table.schema === 'public') && !notCopied.has(table.name),
    )
    .map((table) => table.name);
  const parents = new Map<string, Set<string>>();
  for (const table of tables) parents.set(table, new Set());
  const edges =
    database.caps.dialect === 'sqlite'
      ? (
          await Promise.all(
            tables.map(async (child) =>
              (
                await sql<{
                  parent: string;
                }>`select "table" as parent from pragma_foreign_key_list(${child})`.execute(database.db)
              ).rows.map(({ parent }) => ({ child, parent })),
            ),
          )
        ).flat()
      : (
          await sql<{ child: string; parent: string }>`
            select distinct tc.table_name as child, ccu.table_name as parent
              from information_schema.table_constraints as tc
              join information_schema.constraint_column_usage as ccu
                on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
             where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(
            database.db,
          )
        ).rows;
  for (const { child, parent } of edges) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    for (const parent of parents.get(table) ?? []) visit(parent, new Set([...path, table]));
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table, new Set());
  return ordered;
}

/** Each table's primary key columns (every column for a table without one), for a stable row order. */
async function primaryKeys(database: Database, tables: string[]): Promise<Map<string, string[]>> {
  const keys = new Map<string, string[]>();
  for (const table of tables) {
    const columns =
      database.caps.dialect === 'sqlite'
        ? (
            await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(
              database.db,
            )
          ).rows
            .filter((column) => column.pk > 0)
            .sort((a, b) => a.pk - b.pk)
            .map((column) => column.name)
        : (
            await sql<{ name: string }>`
              select a.attname as name
                from pg_index as i
                join pg_attribute as a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
               where i.indrelid = ${table}::regclass and i.indisprimary
               order by array_position(i.indkey, a.attnum)`.execute(database.db)
          ).rows.map((column) => column.name);
    keys.set(
      table,
      columns.length > 0
        ? columns
        : (await database.db.introspection.getTables())
            .find((t) => t.name === table)!
            .columns.map((column) => column.name)
            .sort(),
    );
  }
  return keys;
}

async function* readInBatches(db: Kysely<DB>, table: string, key: string[]) {
  for (let offset = 0; ; offset += batchSize) {
    const rows = await key
      .reduce((query, column) => query.orderBy(column), loose(db).selectFrom(table).selectAll())
      .limit(batchSize)
      .offset(offset)
      .execute();
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
  }
}

async function countRows(database: Database, table: string): Promise<number> {
  const { n } = await loose(database.db)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * The columns whose text may differ between the databases for the same value: PostgreSQL keeps JSON as
 * jsonb (its own key order and spacing) and timestamps as instants (its own precision).
 */
interface ColumnShapes {
  json: Set<string>;
  timestamp: Set<string>;
}

async function columnShapes(database: Database): Promise<ColumnShapes> {
  const shapes: ColumnShapes = { json: new Set(), timestamp: new Set() };
  if (database.caps.dialect !== 'postgres') return shapes;
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
     where table_schema = current_schema()`.execute(database.db);
  for (const row of rows) {
    const name = `${row.table_name}.${row.column_name}`;
    if (row.data_type === 'jsonb' || row.data_type === 'json') shapes.json.add(name);
    if (row.data_type.startsWith('timestamp')) shapes.timestamp.add(name);
  }
  return shapes;
}

/** One row in a form both databases give for the same values. */
function canonicalRow(table: string, row: Record<string, unknown>, shapes: ColumnShapes): string {
  const values: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const name = `${table}.${column}`;
    if (value !== null && shapes.json.has(name)) values[column] = JSON.parse(String(value));
    else if (value !== null && shapes.timestamp.has(name))
      values[column] = new Date(String(value)).toISOString();
    else values[column] = typeof value === 'bigint' ? Number(value) : value;
  }
  return stableStringify(values);
}

async function tableReport(
  db: Kysely<DB>,
  table: string,
  key: string[],
  shapes: ColumnShapes,
): Promise<TableReport> {
  // Hashed row by row and the hashes sorted: the two databases order text keys by different collations.
  const hashes: string[] = [];
  for await (const batch of readInBatches(db, table, key))
    for (const row of batch)
      hashes.push(
        createHash('sha256')
          .update(canonicalRow(table, row, shapes))
          .digest('hex'),
      );
  const hash = createHash('sha256').update(hashes.sort().join('\n'));
  const rows = hashes.length;
  return { table, rows, checksum: hash.digest('hex') };
}
