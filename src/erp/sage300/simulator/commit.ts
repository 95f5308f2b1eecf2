import type { CompanyFormat } from './format.ts';
import type { Sage300Store } from './store.ts';
import { type Row, specOf, type TableName } from './tables.ts';

/**
 * One write's changes, inside its transaction. The stamp is taken on the first stored row, so a
 * modification that changes nothing takes no stamp and counts no write.
 */
export class Commit {
  #stamp: number | undefined;

  constructor(
    readonly store: Sage300Store,
    readonly format: CompanyFormat,
    /** Today as Sage writes dates, `MM/DD/YYYY`. */
    readonly today: string,
  ) {}

  /** The stamp of this write, if it stored anything. */
  get stamp(): number | undefined {
    return this.#stamp;
  }

  create(table: TableName, row: Readonly<Row>): Row {
    const stored = this.store.insert(table, row, this.#takeStamp());
    this.store.countWrite(table, stored);
    return stored;
  }

  /** Stores `next` over `existing` unless no column differs; answers the row as stored. */
  modify(table: TableName, existing: Readonly<Row>, next: Readonly<Row>): Row {
    const changed = specOf(table).columns.some(
      (column) => (next[column] ?? existing[column]) !== existing[column],
    );
    if (!changed) return { ...existing };
    const stored = this.store.update(table, { ...existing, ...next }, this.#takeStamp());
    this.store.countWrite(table, stored);
    return stored;
  }

  #takeStamp(): number {
    this.#stamp ??= this.store.nextStamp();
    return this.#stamp;
  }
}
