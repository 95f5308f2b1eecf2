import { formatMoney } from '../../../domain/money.ts';
import type { CommitmentLine } from './types.ts';

/** A record as the API shows it: amounts as decimal strings. */
export type Presented<R> = Omit<R, 'total' | 'lines'> & { total: string } & (R extends {
    lines: (infer L extends CommitmentLine)[];
  }
    ? { lines: (Omit<L, 'amount'> & { amount: string })[] }
    : unknown);

/** The API's view of a commitment or change order (the HTTP body and its audit rows alike). */
export const presentRecord = <R extends { total: number; lines?: CommitmentLine[] }>(
  record: R,
): Presented<R> =>
  ({
    ...record,
    total: formatMoney(record.total),
    ...(record.lines && { lines: record.lines.map((l) => ({ ...l, amount: formatMoney(l.amount) })) }),
  }) as Presented<R>;
