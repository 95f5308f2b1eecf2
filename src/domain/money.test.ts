import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, isMoney, parseMoney, sumMoney } from './money.ts';

describe('money', () => {
  it('parses decimal strings into minor units exactly', () => {
    expect(parseMoney('1250.00')).toBe(125000);
    expect(parseMoney('1250.5')).toBe(125050);
    expect(parseMoney('0.01')).toBe(1);
    expect(parseMoney('-12.30')).toBe(-1230);
    expect(parseMoney('-0.00')).toBe(0);
    expect(parseMoney('9999999999999.99')).toBe(999999999999999);
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      '1.234',
      '1,000.00',
      '01.00',
      '1e3',
      ' 1.00',
      '1.',
      '.5',
      '+1',
      'NaN',
      '10000000000000.00',
    ]) {
      expect(isMoney(bad), bad).toBe(false);
      expect(() => parseMoney(bad)).toThrow(RangeError);
    }
  });

  it('formats back to the same string for every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999999999999999, max: 999999999999999 }), (minor) => {
        expect(parseMoney(formatMoney(minor))).toBe(minor);
        expect(formatMoney(minor)).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });

  it('sums in integers', () => {
    expect(sumMoney([10, 20, 30])).toBe(60);
    expect(sumMoney(Array.from({ length: 10 }, () => parseMoney('0.10')))).toBe(100);
    expect(() => sumMoney([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});
