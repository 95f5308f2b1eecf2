/**
 * Whole answers from Get services that cut long lists at a row limit (ERP.md §2: the documentation names
 * no limit; public clients meet one near 500 and split their queries). A query whose answer ends with
 * Spectrum's "Maximum rows exceeded" row is narrowed until every answer is whole:
 *
 *   1. by status: a blank status means Active and Inactive, so it becomes one query each;
 *   2. by a key range (SuperSelect `from/to`): sorted by the key, an answer that was cut holds every row
 *      of each key value but the last one it reached; the next query starts at that value.
 *
 * A list that still cannot be read whole (one key value with more rows than the limit) is refused with
 * an explanation, never returned short: a sync that silently misses jobs would be worse than none.
 */
import { RejectedErpError } from '../connector.ts';
import type { SdxBatch } from './sdx-client.ts';
import type { GetService, SdxRecord } from './soap-codec.ts';

/** How a service's answers can be cut into smaller ones. */
export interface Narrowing {
  /** The filter a range is set on, and the sort that orders answers by it. */
  rangeParameter: string;
  sortBy: string;
  /** The row field the range filter selects. */
  field: string;
  /** A value no key exceeds, to close the range (SuperSelect ranges need both ends). */
  highest: string;
  /** The service's own order (its blank sort): narrowed answers are put back in it. */
  order: string[];
}

export const jobNarrowing: Narrowing = {
  rangeParameter: 'pDivision',
  sortBy: 'D',
  field: 'Division',
  highest: 'ZZZZZ',
  order: ['Job_Number'],
};
export const phaseNarrowing: Narrowing = {
  rangeParameter: 'pCost_Type',
  sortBy: 'C',
  field: 'Cost_Type',
  highest: 'ZZZ',
  order: ['Job_Number', 'Phase_Code', 'Cost_Type'],
};

type Filters = Record<string, string>;

/** Every row matching `filters` (status `''` meaning Active and Inactive, as in Spectrum). */
export async function readWhole(
  sdx: SdxBatch,
  service: GetService,
  filters: Filters,
  narrowing: Narrowing,
): Promise<SdxRecord[]> {
  const first = await sdx.get(service, filters);
  if (first.complete) return first.rows;
  const statuses = filters.pStatus_Code ? [filters.pStatus_Code] : ['A', 'I'];
  const parts = await Promise.all(
    statuses.map(async (status) => {
      const one = { ...filters, pStatus_Code: status };
      // A single status was the query already: its cut answer says nothing new, go straight to ranges.
      const answer = statuses.length === 1 ? first : await sdx.get(service, one);
      return answer.complete ? answer.rows : readByRanges(sdx, service, one, narrowing);
    }),
  );
  return parts.flat().sort(inOrder(narrowing.order));
}

/** Rows compared field by field, as plain text. */
const inOrder = (fields: string[]) => (a: SdxRecord, b: SdxRecord) => {
  for (const field of fields) {
    const [x, y] = [a[field] ?? '', b[field] ?? ''];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

async function readByRanges(
  sdx: SdxBatch,
  service: GetService,
  filters: Filters,
  { rangeParameter, sortBy, field, highest }: Narrowing,
): Promise<SdxRecord[]> {
  const rows: SdxRecord[] = [];
  for (let from: string | undefined; ; ) {
    const answer = await sdx.get(service, {
      ...filters,
      [rangeParameter]: from === undefined ? '' : `${from}/${highest}`,
      pSort_By: sortBy,
    });
    if (answer.complete) return rows.concat(answer.rows);
    // The answer is sorted by the field: only the last value reached may have rows beyond the cut.
    const last = answer.rows.at(-1)?.[field] ?? '';
    const whole = answer.rows.filter((row) => (row[field] ?? '') !== last);
    // Blank values cannot be selected on their own, and a value with more rows than the limit cannot
    // be split by this key.
    if (whole.length === 0 || last === '') {
      const what = last === '' ? `without a ${field}` : `with ${field} ${last}`;
      throw new RejectedErpError(
        `Spectrum cuts ${service} answers at ${answer.rows.length} rows and the rows ${what} ` +
          `(status ${filters.pStatus_Code}) alone exceed that, so they cannot be read whole; raise the ` +
          'row limit of the Spectrum server',
        undefined,
        'W',
      );
    }
    rows.push(...whole);
    from = last;
  }
}

/**
 * Shares one run of each read among the callers that ask for it while it runs (a sync asks for the job
 * list and the templates at once; both are the same SDX reads). Nothing is kept once it ends: every
 * later call reads Spectrum again.
 */
export function sharedWhileRunning() {
  const running = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const found = running.get(key) as Promise<T> | undefined;
    if (found) return found;
    const started = read().finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
