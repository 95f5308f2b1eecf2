import { describe, expect, it } from 'vitest';
import { changeRequestNumberCandidates } from './change-request-number.ts';

const first = (number: string, count: number, max = 8) => {
  const candidates = changeRequestNumberCandidates(number, max);
  return Array.from({ length: count }, () => candidates.next().value);
};

describe('change request number candidates', () => {
  it("offer the change order's own number first, then suffixed ones", () => {
    expect(first('CO-001', 3)).toEqual(['CO-001', 'CO-001-2', 'CO-001-3']);
  });

  it('cut a number too long for the ERP to make room for the suffix, never offering it whole', () => {
    expect(first('CHANGE-ORDER-17', 2)).toEqual(['CHANGE-2', 'CHANGE-3']);
    expect(first('CO-1', 12, 8).every((n) => n.length <= 8)).toBe(true);
  });

  it('drop what a Spectrum key may not hold, and upper-case', () => {
    expect(first('co #4/a', 1)).toEqual(['CO4A']);
    expect(first('###', 1)).toEqual(['CO']);
  });
});
