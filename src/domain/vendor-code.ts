/**
 * The ERP vendor codes proposed when the approver gives none, best first: the name's letters and digits,
 * uppercase, cut to the ERP's length, then made unique with a numeric suffix (ACME, ACME2, ACME3 …). So
 * bulk accept needs no per-item options.
 */
export function* vendorCodeCandidates(name: string, maxLength: number): Generator<string, never> {
  const base = (
    name
      .normalize('NFKD')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '') || 'VENDOR'
  ).slice(0, maxLength);
  yield base;
  for (let n = 2; ; n++) {
    const suffix = String(n);
    yield base.slice(0, maxLength - suffix.length) + suffix;
  }
}

/** The code proposed before anything is known of the ERP's codes (the preflight's view). */
export const deriveVendorCode = (name: string, maxLength: number): string =>
  vendorCodeCandidates(name, maxLength).next().value;
