import type { SimError } from './refusal.ts';
import { isNumberColumn, type Row, specOf, type TableName } from './tables.ts';

/** The largest line amount Sage takes (sage300-notes.md §2 row 11). */
export const maxLineAmount = 999_999.99;
export const maxEstimate = 999_999_999.99;

/**
 * Reads the columns a caller sent for `table`: unknown columns and wrong JSON types are findings;
 * columns Sage keeps itself (Modified_Stamp, totals) are dropped. Amounts keep two decimals.
 */
export function readColumns(table: TableName, input: unknown, errors: SimError[], item?: string): Row {
  const row: Row = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    errors.push({ message: 'The row must be a JSON object', ...(item ? { item } : {}) });
    return row;
  }
  const spec = specOf(table);
  for (const [column, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    const at = item === undefined ? { column } : { column, item };
    if (column === 'Modified_Stamp' || spec.computed?.includes(column)) continue;
    if (!spec.columns.includes(column)) {
      errors.push({ ...at, message: `Column ${column} is not in table ${table}` });
    } else if (isNumberColumn(table, column)) {
      if (typeof value === 'number' && Number.isFinite(value)) row[column] = Math.round(value * 100) / 100;
      else errors.push({ ...at, message: `${column} must be a number` });
    } else if (typeof value === 'string') {
      row[column] = value;
    } else {
      errors.push({ ...at, message: `${column} must be text` });
    }
  }
  return row;
}

/** Column checks that push Sage's words for one row (or one line, with its `item`). */
export class RowChecks {
  constructor(
    private readonly row: Row,
    private readonly errors: SimError[],
    private readonly item?: string,
  ) {}

  #push(column: string, message: string): void {
    this.errors.push(this.item === undefined ? { column, message } : { column, item: this.item, message });
  }

  required(...columns: string[]): this {
    for (const column of columns) {
      if (this.row[column] === undefined || this.row[column] === '')
        this.#push(column, `${column} is required`);
    }
    return this;
  }

  maxLength(limits: Readonly<Record<string, number>>): this {
    for (const [column, max] of Object.entries(limits)) {
      const value = this.row[column];
      if (typeof value === 'string' && value.length > max)
        this.#push(column, `${column} exceeds ${max} characters`);
    }
    return this;
  }

  oneOf(column: string, values: readonly string[]): this {
    const value = this.row[column];
    if (value !== undefined && !values.includes(String(value))) {
      this.#push(column, `${column} ${value} is not one of ${values.join(', ')}`);
    }
    return this;
  }

  /** `Amount exceeds 999,999.99`: the size counts, so a negative change order line is bounded too. */
  maxAmount(column: string, max: number): this {
    const value = this.row[column];
    if (typeof value === 'number' && Math.abs(value) > max) {
      this.#push(column, `${column} exceeds ${max.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    }
    return this;
  }
}
