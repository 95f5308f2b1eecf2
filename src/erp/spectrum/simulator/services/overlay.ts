import type { Params } from '../checks.ts';

/**
 * The stored record with every sent (non-empty) value laid over it: Put services never clear a value,
 * a blank element leaves it as it is (spectrum-sdx §13–§17, "a blank element is not updated").
 * `names` maps a record field to the element that carries it when they differ (UpdateVendor's City).
 */
export function overlay<R extends object>(
  base: R,
  params: Params,
  names: Readonly<Record<string, string>> = {},
): R {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const field in merged) {
    const value = params[names[field] ?? field];
    if (value && typeof merged[field] === 'string') merged[field] = value;
  }
  return merged as R;
}
