/**
 * Two-decimal numbers as SDX writes them (`1250.00`, `-37.5`), held as integer hundredths so that
 * arithmetic on estimates never meets binary floating point.
 */

/** Up to 12 integer digits keeps every value, in hundredths, far inside Number.MAX_SAFE_INTEGER. */
export const decimalPattern = /^-?\d{1,12}(\.\d{1,2})?$/;

export function toHundredths(text: string): number {
  if (!decimalPattern.test(text)) throw new Error(`not a two-decimal number: ${text}`);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -value : value;
}

export function fromHundredths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const absolute = Math.abs(value);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}
