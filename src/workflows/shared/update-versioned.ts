import type { Kysely, Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { versionConflict } from '../../domain/errors.ts';
import type { TablesWith } from './tables-with.ts';

interface VersionedColumns {
  id: string;
  version: number;
  updated_at: string;
}

/** The tables whose rows carry an id, a version and an update time. */
export type VersionedTable = TablesWith<VersionedColumns>;

/**
 * Writes `set` to the row only if nobody changed it since it was read (its version is still
 * `row.version`), and bumps the version; anyone who came in between makes it answer 409
 * version_conflict, and the caller's transaction rolls back. The caller checks its own rules first.
 * Answers the row's new version.
 */
export async function updateVersioned<T extends VersionedTable>(
  trx: Kysely<DB>,
  table: T,
  row: { id: string; version: number },
  set: Omit<Updateable<DB[T]>, keyof VersionedColumns>,
  now: Date,
): Promise<number> {
  // Kysely cannot resolve columns on a table name that is still generic: seen through the columns
  // every versioned table has, the query stays checked.
  const db = trx as unknown as Kysely<Record<VersionedTable, VersionedColumns>>;
  const updated = await db
    .updateTable(table as VersionedTable)
    .set({ ...set, version: row.version + 1, updated_at: now.toISOString() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw versionConflict();
  return row.version + 1;
}
