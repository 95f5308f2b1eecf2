/**
 * Conversions between our values and SDX's text forms (ERP.md §2, §5): amounts as plain decimals
 * (`1250.00`), dates as `MM/DD/CCYY`, flags as `Y`/`N`, phase codes without dashes.
 */

/** Integer minor units → `1250.00`. Money is integral on our side, so a fractional input is a bug. */
export function formatAmount(minorUnits: number): string {
  if (!Number.isSafeInteger(minorUnits))
    throw new TypeError(`Amount ${minorUnits} is not integer minor units`);
  const sign = minorUnits < 0 ? '-' : '';
  const abs = Math.abs(minorUnits);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `1250.00` (or `1250`, `-3.5`, empty) → minor units. Parsed as text, not through a float, so large
 * amounts keep every cent; a third decimal is rounded half away from zero.
 */
export function parseAmount(text: string | undefined): number {
  const value = (text ?? '').trim();
  if (value === '') return 0;
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!match || (match[2] === '' && !match[3]))
    throw new TypeError(`Spectrum sent a malformed amount '${value}'`);
  const fraction = (match[3] ?? '').padEnd(3, '0');
  const cents =
    Number(match[2] || '0') * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(cents)) throw new TypeError(`Spectrum sent an amount too large: '${value}'`);
  return match[1] === '-' && cents !== 0 ? -cents : cents;
}

/** `2025-03-07` (an ISO date, optionally with a time) → `03/07/2025`; undefined when it is not one. */
export function formatDate(iso: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(iso);
  return match ? `${match[2]}/${match[3]}/${match[1]}` : undefined;
}

/** Y/N for a flag; anything but a boolean is "not given" (empty: leave as is, or missing for a new record). */
export const formatFlag = (flag: unknown): string => (typeof flag === 'boolean' ? (flag ? 'Y' : 'N') : '');

/** Our `03-300` → Spectrum's `03300`: dashes are mask separators, never sent (ERP.md §2 AddPhase). */
export const toPhaseCode = (code: string): string => code.replaceAll('-', '');
