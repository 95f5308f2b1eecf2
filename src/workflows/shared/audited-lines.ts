import { formatMoney, type Minor, sumMoney } from '../../domain/money.ts';
import type { BudgetLine } from './budget-rows.ts';

/**
 * Each side's lines without those the other side holds unchanged (counted as a multiset: a change order
 * may repeat a line), so an edit of one line of thousands audits that line only.
 */
function changedLines<L>(before: readonly L[], after: readonly L[]): [L[], L[]] {
  const counts = (lines: readonly L[]) => {
    const seen = new Map<string, number>();
    for (const key of lines.map((line) => JSON.stringify(line))) seen.set(key, (seen.get(key) ?? 0) + 1);
    return seen;
  };
  const without = (lines: readonly L[], other: Map<string, number>) =>
    lines.filter((line) => {
      const key = JSON.stringify(line);
      const left = other.get(key) ?? 0;
      if (left > 0) other.set(key, left - 1);
      return left === 0;
    });
  return [without(before, counts(after)), without(after, counts(before))];
}

/**
 * The before/after of an edited commitment or change order, from its API views: every field, the line
 * count, and only the lines added, removed or changed (`lines` is left out when none did).
 */
export function auditedRecordEdit<R extends { lines: readonly unknown[] }>(before: R, after: R) {
  const [was, is] = changedLines(before.lines, after.lines);
  const side = ({ lines, ...record }: R, changed: unknown[]) => ({
    ...record,
    lineCount: lines.length,
    ...(changed.length > 0 && { lines: changed }),
  });
  return { before: side(before, was), after: side(after, is) };
}

/**
 * The before/after of a budget's line replacement: line count, total, and `lines` as a map
 * "03-300 L" → "1250.00" of only the lines added, removed or changed (a budget may have thousands).
 */
export function auditedBudgetLines(before: readonly BudgetLine[], after: readonly BudgetLine[]) {
  const keyed = (lines: readonly BudgetLine[]) =>
    new Map(lines.map((l) => [`${l.costCode} ${l.costType}`, l.amount]));
  const was = keyed(before);
  const is = keyed(after);
  const side = (lines: readonly BudgetLine[], own: Map<string, Minor>, other: Map<string, Minor>) => {
    const changed = [...own].filter(([key, amount]) => other.get(key) !== amount);
    return {
      lineCount: lines.length,
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
      ...(changed.length > 0 && {
        lines: Object.fromEntries(changed.map(([key, amount]) => [key, formatMoney(amount)])),
      }),
    };
  };
  return { before: side(before, was, is), after: side(after, is, was) };
}
