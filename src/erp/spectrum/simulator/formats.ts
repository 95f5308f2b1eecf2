/**
 * SDX value formats (spectrum-sdx §4): dates `MM/DD/CCYY` with `/` or `-`, and plain decimal numbers
 * whose Max counts the sign and the point. Numbers are kept as canonical decimal text and computed
 * with BigInt, so an amount never meets binary floating point.
 */

/** `-10.2`: optional minus, at most 10 integer digits, at most 2 decimals; absent limits: only the Max counts. */
export interface NumberFormat {
  negative: boolean;
  integer?: number;
  decimals?: number;
}

/** Parses `-10.2`, `2.1`, `3` (integer digits only), `-` (negatives, Max only) or `+` (positive, Max only). */
export function numberFormat(format: string): NumberFormat {
  if (format === '-' || format === '+') return { negative: format === '-' };
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(format);
  if (!match) throw new Error(`invalid number format ${format}`);
  return { negative: match[1] === '-', integer: Number(match[2]), decimals: Number(match[3] ?? 0) };
}

const plainNumber = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `007.50` → `7.5`, `-0` → `0`; undefined when the text is not a plain number (`$`, commas, spaces…). */
export function canonicalNumber(text: string): string | undefined {
  const match = plainNumber.exec(text);
  if (!match) return undefined;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const magnitude = fraction ? `${whole}.${fraction}` : whole;
  return match[1] && /[1-9]/.test(magnitude) ? `-${magnitude}` : magnitude;
}

/** Why a number does not fit its field, or undefined when it does. */
export function numberProblem(text: string, max: number, format: NumberFormat): string | undefined {
  const canonical = canonicalNumber(text);
  if (canonical === undefined) {
    return 'must be a plain number: digits, an optional leading minus and decimal point, no $, commas or spaces';
  }
  if (canonical.startsWith('-') && !format.negative) return 'must not be negative';
  const [whole = '', fraction = ''] = canonical.replace('-', '').split('.');
  if (format.integer !== undefined && whole.length > format.integer && whole !== '0') {
    return `has more than ${format.integer} digits before the decimal point`;
  }
  if (format.decimals !== undefined && fraction.length > format.decimals) {
    return format.decimals === 0 ? 'must be a whole number' : `has more than ${format.decimals} decimals`;
  }
  // Max counts every character sent, sign and point included (spectrum-sdx §4): `1000000000.00` is 13.
  if (text.length > max) return `is longer than ${max} characters`;
  return undefined;
}

/** A date value `MM/DD/CCYY` or `MM-DD-CCYY`, one separator throughout, a real calendar day. */
export function parseDate(text: string): { text: string; ordinal: number } | undefined {
  const match = /^(\d{2})([/-])(\d{2})\2(\d{4})$/.exec(text);
  if (!match) return undefined;
  const [month, day, year] = [Number(match[1]), Number(match[3]), Number(match[4])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return { text: `${match[1]}/${match[3]}/${match[4]}`, ordinal: year * 10_000 + month * 100 + day };
}

/** A stored date (always with slashes) as a comparable number, or undefined when blank. */
export function dateOrdinal(text: string): number | undefined {
  return text ? parseDate(text)?.ordinal : undefined;
}

/** The processing date of a server whose clock reads `ms`: its local calendar day, `MM/DD/CCYY`. */
export function processingDate(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getMonth() + 1)}/${pad(date.getDate())}/${date.getFullYear()}`;
}

/** A decimal as integer units of 10^-scale. */
interface Scaled {
  units: bigint;
  scale: number;
}

function scaled(text: string): Scaled {
  const canonical = canonicalNumber(text || '0');
  if (canonical === undefined) throw new Error(`not a number: ${text}`);
  const [whole = '0', fraction = ''] = canonical.replace('-', '').split('.');
  const units = BigInt(whole + fraction);
  return { units: canonical.startsWith('-') ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  if (scale >= value.scale) return value.units * 10n ** BigInt(scale - value.scale);
  const divisor = 10n ** BigInt(value.scale - scale);
  const half = divisor / 2n;
  // Half away from zero, as money is rounded.
  return value.units >= 0n ? (value.units + half) / divisor : -((-value.units + half) / divisor);
}

function text(value: Scaled): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return canonicalNumber(`${negative ? '-' : ''}${whole}${value.scale ? `.${fraction}` : ''}`) ?? '0';
}

/** `a × b` rounded to `decimals` places (subcontract line amount = unit price × quantity). */
export function multiply(a: string, b: string, decimals: number): string {
  const x = scaled(a);
  const y = scaled(b);
  const product = { units: x.units * y.units, scale: x.scale + y.scale };
  return text({ units: rescale(product, decimals), scale: decimals });
}

/** The sum of decimal texts (blanks count as zero). */
export function sum(values: readonly string[]): string {
  const parts = values.map(scaled);
  const scale = Math.max(0, ...parts.map((part) => part.scale));
  return text({ units: parts.reduce((total, part) => total + rescale(part, scale), 0n), scale });
}

/** Compares two decimal texts: negative, zero or positive as `a` is below, equal to or above `b`. */
export function compare(a: string, b: string): number {
  const x = scaled(a);
  const y = scaled(b);
  const scale = Math.max(x.scale, y.scale);
  const difference = rescale(x, scale) - rescale(y, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** A number as a Get answers it: at least two decimals (`1250` → `1250.00`), blank stays blank. */
export function answerNumber(value: string): string {
  if (value === '') return '';
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
