/**
 * Money is integer minor units (cents) everywhere inside; decimal strings such as "1250.00" only at
 * the edge. No floating point ever touches an amount.
 */
export type Minor = number;

/** At most 13 integer digits keeps every amount and any realistic sum a safe integer. */
export const moneyPattern = '^-?(0|[1-9][0-9]{0,12})(\\.[0-9]{1,2})?$';
const moneyRegex = new RegExp(moneyPattern);

export function isMoney(text: string): boolean {
  return moneyRegex.test(text);
}

/** "1250.5" → 125050. Throws on anything that is not a decimal with at most two decimals. */
export function parseMoney(text: string): Minor {
  if (!isMoney(text)) throw new RangeError(`"${text}" is not an amount with at most two decimals`);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative && minor !== 0 ? -minor : minor;
}

/** 125050 → "1250.50". */
export function formatMoney(minor: Minor): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not a whole number of minor units`);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Sums in integers and refuses to leave the safe range rather than lose a cent. */
export function sumMoney(amounts: Iterable<Minor>): Minor {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError('the total is too large to represent exactly');
  }
  return total;
}
