/**
 * Money stays the API's decimal string end to end (UI.md §5): formatted by `Intl.NumberFormat`, which
 * formats a numeric string exactly, and summed as `bigint` cents. Binary floats never touch an amount
 * (Biome forbids `parseFloat` and `Number` in this folder), so 13 integer digits keep every cent.
 */
import { numberFormat } from './intl-cache.ts';

/** The company's number conventions; A11 company settings, default `en-US` / `USD`. */
export interface MoneyFormat {
  locale: string;
  currency: string;
}

export const defaultMoneyFormat: MoneyFormat = { locale: 'en-US', currency: 'USD' };

/** The API's amount pattern: at most 13 integer digits and 2 decimals. */
const apiAmount = /^-?(0|[1-9]\d{0,12})(\.\d{1,2})?$/;

/** "1250.00" → "$1,250.00" in the company's locale and currency. */
export function formatMoney(amount: string, format: MoneyFormat = defaultMoneyFormat): string {
  return numberFormat(format.locale, { style: 'currency', currency: format.currency }).format(
    amount as Intl.StringNumericLiteral,
  );
}

/** "-1250.5" → -125050n. The amount must match the API's pattern. */
export function toCents(amount: string): bigint {
  if (!apiAmount.test(amount)) throw new RangeError(`not an amount: ${amount}`);
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** -125050n → "-1250.50", the API's form. */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${abs / 100n}.${fraction}`;
}

/** The exact total of API amounts, in the API's form. */
export function sumMoney(amounts: Iterable<string>): string {
  let total = 0n;
  for (const amount of amounts) total += toCents(amount);
  return fromCents(total);
}

export type ParsedMoney = { ok: true; amount: string } | { ok: false; message: string };

function marksOf({ locale, currency }: MoneyFormat): { group: string; decimal: string; symbol: string } {
  const parts = numberFormat(locale, { style: 'currency', currency }).formatToParts(1234567.5);
  const mark = (type: Intl.NumberFormatPartTypes, fallback: string) =>
    parts.find((p) => p.type === type)?.value ?? fallback;
  return { group: mark('group', ','), decimal: mark('decimal', '.'), symbol: mark('currency', '$') };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What a person typed ("1,250.5", "-1.250,50" in de-DE) → the API's "1250.50", or the message to show.
 * Group marks may go anywhere (people type "1250" and "1,250" alike), a pasted currency symbol is
 * dropped, and a space-like group mark also accepts a plain space (nobody types a narrow no-break space).
 */
export function parseMoney(input: string, format: MoneyFormat = defaultMoneyFormat): ParsedMoney {
  const { group, decimal, symbol } = marksOf(format);
  const ignored = [group, symbol, ...(/\s/.test(group) ? [' '] : [])].map(escapeRegExp).join('|');
  const plain = input
    .replace(new RegExp(ignored, 'g'), '')
    .trim()
    .replace(/^(-?)0+(?=\d)/, '$1')
    .replace(decimal, '.');
  if (!apiAmount.test(plain)) {
    const example = numberFormat(format.locale, { minimumFractionDigits: 2 }).format(1250);
    return { ok: false, message: `Enter an amount like ${example}.` };
  }
  return { ok: true, amount: fromCents(toCents(plain)) };
}
