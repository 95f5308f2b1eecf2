import { describe, expect, it } from 'vitest';
import { formatMoney, fromCents, parseMoney, sumMoney, toCents } from './money.ts';

const euros = { locale: 'de-DE', currency: 'EUR' };

describe('formatMoney', () => {
  it('formats the exact decimal of 13 integer digits', () => {
    expect(formatMoney('1234567890123.99')).toBe('$1,234,567,890,123.99');
    expect(formatMoney('9999999999999.99')).toBe('$9,999,999,999,999.99');
  });

  it('formats negatives and whole amounts', () => {
    expect(formatMoney('-1250.5')).toBe('-$1,250.50');
    expect(formatMoney('0')).toBe('$0.00');
  });

  it('follows the company’s locale and currency', () => {
    expect(formatMoney('1250.00', euros)).toBe('1.250,00\u00a0€');
  });
});

describe('cents', () => {
  it('round-trips amounts through bigint cents', () => {
    expect(toCents('-1250.5')).toBe(-125050n);
    expect(fromCents(-125050n)).toBe('-1250.50');
    expect(fromCents(-5n)).toBe('-0.05');
    expect(fromCents(toCents('9999999999999.99'))).toBe('9999999999999.99');
  });

  it('sums exactly where floats would not', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['9999999999999.99', '9999999999999.99'])).toBe('19999999999999.98');
    expect(sumMoney(['-1.01', '1'])).toBe('-0.01');
    expect(sumMoney([])).toBe('0.00');
  });

  it('refuses what is not an API amount', () => {
    expect(() => toCents('1e3')).toThrow(RangeError);
    expect(() => toCents('12345678901234')).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it('accepts the locale’s group and decimal marks', () => {
    expect(parseMoney('1,250.5')).toEqual({ ok: true, amount: '1250.50' });
    expect(parseMoney('1250')).toEqual({ ok: true, amount: '1250.00' });
    expect(parseMoney('-1.250,5', euros)).toEqual({ ok: true, amount: '-1250.50' });
  });

  it('accepts 13 integer digits and refuses 14', () => {
    expect(parseMoney('9,999,999,999,999.99')).toEqual({ ok: true, amount: '9999999999999.99' });
    expect(parseMoney('99999999999999')).toEqual({ ok: false, message: 'Enter an amount like 1,250.00.' });
  });

  it('drops a pasted currency symbol, spaces and leading zeros', () => {
    expect(parseMoney(' $1,250.00 ')).toEqual({ ok: true, amount: '1250.00' });
    expect(parseMoney('-007.5')).toEqual({ ok: true, amount: '-7.50' });
    expect(parseMoney('-0')).toEqual({ ok: true, amount: '0.00' });
  });

  it('refuses anything else with an example in the company’s locale', () => {
    for (const input of ['', '-', '1.234', '12a', '1e3', '--5', '1.2.3'])
      expect(parseMoney(input)).toEqual({ ok: false, message: 'Enter an amount like 1,250.00.' });
    expect(parseMoney('abc', euros)).toEqual({ ok: false, message: 'Enter an amount like 1.250,00.' });
  });
});
