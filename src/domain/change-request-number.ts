/**
 * The ERP numbers a change order may take on its job, best first (ERP.md §2: Spectrum keys a change
 * request by job, customer and number, so two change orders of one job never share one): the change
 * order's own number when it fits, then that number cut to make room for a suffix (`CO-1-2`, `CO-1-3`…).
 * Characters a Spectrum key may not hold (`/ * ? " ' > < # , & ~`, spaces) are dropped.
 */
export function* changeRequestNumberCandidates(number: string, maxLength: number): Generator<string, never> {
  const base = number.toUpperCase().replace(/[^A-Z0-9.\-_]/g, '') || 'CO';
  if (base.length <= maxLength) yield base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    yield base.slice(0, maxLength - suffix.length) + suffix;
  }
}
