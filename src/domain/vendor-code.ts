/**
 * The ERP vendor code proposed when the approver gives none: the name's letters and digits, uppercase,
 * cut to the ERP's length, made unique with a numeric suffix. So bulk accept needs no per-item options.
 */
export function deriveVendorCode(
  name: string,
  maxLength: number,
  taken: ReadonlySet<string> = new Set(),
): string {
  const base = (
    name
      .normalize('NFKD')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '') || 'VENDOR'
  ).slice(0, maxLength);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = String(n);
    const candidate = base.slice(0, maxLength - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
