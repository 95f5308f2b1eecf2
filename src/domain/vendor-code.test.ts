import { describe, expect, it } from 'vitest';
import { deriveVendorCode } from './vendor-code.ts';

describe('derived vendor codes', () => {
  it('keeps uppercase letters and digits of the name, within the length', () => {
    expect(deriveVendorCode('Acme Concrete, Inc.', 10)).toBe('ACMECONCRE');
    expect(deriveVendorCode('Élan 4 Électrique', 10)).toBe('ELAN4ELECT');
    expect(deriveVendorCode('---', 10)).toBe('VENDOR');
  });

  it('makes the code unique with a suffix', () => {
    expect(deriveVendorCode('Acme', 10, new Set(['ACME']))).toBe('ACME2');
    expect(deriveVendorCode('Acme Concrete', 10, new Set(['ACMECONCRE', 'ACMECONCR2']))).toBe('ACMECONCR3');
  });
});
