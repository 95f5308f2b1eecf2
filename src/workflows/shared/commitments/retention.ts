import { invalidField } from '../../../domain/errors.ts';

/** 10.5 → 1050. Refuses (400 naming `retentionPercent`) anything outside 0–100 or with more decimals. */
export function retentionBasisPoints(percent: number | null | undefined): number | null | undefined {
  if (percent === undefined || percent === null) return percent;
  // The shortest decimal that reads back as this number: exact for what a client typed.
  const ok = Number.isFinite(percent) && /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/.test(String(percent));
  if (!ok || percent > 100) {
    throw invalidField('retentionPercent', 'must be a percent from 0 to 100 with at most two decimals');
  }
  return Math.round(percent * 100);
}

/** 1050 → 10.5 */
export const retentionPercentOf = (basisPoints: number | null): number | null =>
  basisPoints === null ? null : basisPoints / 100;
