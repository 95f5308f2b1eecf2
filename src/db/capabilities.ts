import type { ColumnDataType } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The few places where SQLite and PostgreSQL differ, in one object. Code outside `src/db/` asks this
 * object instead of testing the dialect, so each difference is decided once.
 */
export interface Capabilities {
  readonly dialect: Dialect;
  /** Column types used by migrations. Values always travel as ISO strings, JSON text and numbers. */
  readonly types: {
    readonly timestamp: ColumnDataType;
    readonly json: ColumnDataType;
    readonly bigint: ColumnDataType;
  };
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Whether many rows travel best as one array per column (PostgreSQL's `unnest`: a few parameters,
   * parsed and planned at once) rather than a `values` list with a parameter per value.
   */
  readonly rowsAsArrays: boolean;
  /**
   * Whether a row read to check a rule before writing it must be locked (`for update`): on PostgreSQL
   * another transaction may commit between the check and the write (an export recorded as synced just
   * after an edit read the record unsynced); SQLite runs one transaction at a time.
   */
  readonly rowLocks: boolean;
}
