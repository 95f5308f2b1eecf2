import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, parseAmount, toPhaseCode } from './values.ts';

describe('SDX values', () => {
  it('formats minor units as a plain two-decimal amount', () => {
    expect(formatAmount(125000)).toBe('1250.00');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatAmount(-1250)).toBe('-12.50');
    expect(formatAmount(0)).toBe('0.00');
    expect(formatAmount(900719925474099)).toBe('9007199254740.99');
    expect(() => formatAmount(12.5)).toThrow(TypeError);
  });

  it('parses amounts back to minor units without float error', () => {
    expect(parseAmount('1250.00')).toBe(125000);
    expect(parseAmount('0.29')).toBe(29);
    expect(parseAmount('-12.5')).toBe(-1250);
    expect(parseAmount('7')).toBe(700);
    expect(parseAmount('1.005')).toBe(101);
    expect(parseAmount('')).toBe(0);
    expect(parseAmount('9007199254740.99')).toBe(900719925474099);
    expect(() => parseAmount('12,50')).toThrow(TypeError);
    expect(() => parseAmount('-')).toThrow(TypeError);
  });

  it('writes dates as MM/DD/CCYY', () => {
    expect(formatDate('2025-03-07')).toBe('03/07/2025');
    expect(formatDate('2025-12-31T23:00:00Z')).toBe('12/31/2025');
    expect(formatDate('07/03/2025')).toBeUndefined();
  });

  it('sends phase codes without dashes', () => {
    expect(toPhaseCode('03-300')).toBe('03300');
    expect(toPhaseCode('1-2-3')).toBe('123');
  });
});
