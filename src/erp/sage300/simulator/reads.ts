import type { Sage300Store } from './store.ts';
import { isNumberColumn, isTableName, type Row, specOf } from './tables.ts';

export interface ReadAnswer {
  status: number;
  /** JSON text, built without an object per row: reads of large tables must stay fast. */
  body: string;
}

const notFound = JSON.stringify({ errors: [{ message: 'Table or view not found' }] });

/**
 * Answers `GET /tables/{TABLE}?{Column}={value}…[&since={stamp}]`: rows whose columns equal the
 * filters exactly (filter values are not formatted, as in Sage), newer than `since` if given, and no
 * newer than `visibleStamp` (the read lag), with that stamp.
 */
export function answerRead(
  store: Sage300Store,
  table: string,
  query: URLSearchParams,
  visibleStamp: number,
): ReadAnswer {
  // Sage's own answer for an unknown table is just as vague about the reason.
  if (!isTableName(table)) return { status: 404, body: notFound };
  const where: Row = {};
  let since: number | undefined;
  const columns = [...specOf(table).columns, 'Modified_Stamp'];
  for (const [column, value] of query) {
    if (column === 'since') {
      since = Number(value);
      if (!Number.isInteger(since)) return badRequest(`since must be a stamp (a whole number), not ${value}`);
    } else if (!columns.includes(column)) {
      return badRequest(`Column ${column} is not in table ${table}`);
    } else if (column === 'Modified_Stamp' || isNumberColumn(table, column)) {
      where[column] = Number(value);
      if (Number.isNaN(where[column])) return badRequest(`${column} is a number, not ${value}`);
    } else {
      where[column] = value;
    }
  }
  const lagging = visibleStamp < store.stamp();
  const rows = store.selectJson(table, { where, since, upTo: lagging ? visibleStamp : undefined });
  return { status: 200, body: `{"rows":${rows},"stamp":${visibleStamp}}` };
}

function badRequest(message: string): ReadAnswer {
  return { status: 400, body: JSON.stringify({ errors: [{ message }] }) };
}
