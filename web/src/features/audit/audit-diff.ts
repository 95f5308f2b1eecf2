import { formatMoney, type MoneyFormat } from '../../format/money.ts';

/** One field of an event's before/after, by its path ("lines[03-300 L].amount", "address.city"). */
export interface DiffRow {
  path: string;
  before: unknown;
  after: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lines and codes read by their own keys, so a diff names "lines[03-300 L]" rather than a position. */
function itemKey(item: unknown, index: number): string {
  if (!isObject(item)) return String(index);
  if (typeof item.costCode === 'string')
    return typeof item.costType === 'string' ? `${item.costCode} ${item.costType}` : item.costCode;
  for (const key of ['code', 'number', 'id'] as const) if (typeof item[key] === 'string') return item[key];
  return String(index);
}

/** A field by its name ("address.city"); a map's entry by its key ("lines[03-300 L]" of a budget's changed lines). */
const childPath = (prefix: string, key: string) =>
  !prefix ? key : /^[A-Za-z_]\w*$/.test(key) ? `${prefix}.${key}` : `${prefix}[${key}]`;

/** Every leaf of a JSON value by path; an array of plain values is one leaf. */
export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((item) => !isObject(item) && !Array.isArray(item)))
      out.set(prefix, value);
    else
      for (const [index, item] of value.entries()) flatten(item, `${prefix}[${itemKey(item, index)}]`, out);
  } else if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [key, child] of entries) flatten(child, childPath(prefix, key), out);
  } else if (prefix || value !== undefined) out.set(prefix || 'value', value);
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The key-by-key diff of an event (S17). With both sides, only what changed (and `unchanged` counts the
 * rest); with one side (a creation, a step of a request), every field of it.
 */
export function diffRows(before: unknown, after: unknown): { rows: DiffRow[]; unchanged: number } {
  const was = flatten(before);
  const is = flatten(after);
  const paths = [...new Set([...was.keys(), ...is.keys()])];
  const both = before !== undefined && after !== undefined;
  const rows: DiffRow[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const row = { path, before: was.get(path), after: is.get(path) };
    if (both && same(row.before, row.after)) unchanged++;
    else rows.push(row);
  }
  return { rows, unchanged };
}

/**
 * Fields that hold money (API.md: decimal strings), by the last name in their path; a budget's audit keeps
 * each changed line's amount under its key ("lines[03-300 L]").
 */
const moneyField = /(^|\.|\])(amount|total|[a-z]+Amount|[a-z]+Total)$|^lines\[[^\]]+\]$/;
const moneyValue = /^-?(0|[1-9]\d{0,12})(\.\d{1,2})?$/;

/** A field's value for people: money formatted ("$1,250.00"), Yes/No, lists joined, "—" for nothing. */
export function displayValue(path: string, value: unknown, money: MoneyFormat): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && moneyField.test(path) && moneyValue.test(value))
    return formatMoney(value, money);
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map(String).join(', ');
  if (typeof value === 'object') return 'None';
  return String(value);
}
