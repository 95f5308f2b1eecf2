import { describe, expect, it } from 'vitest';
import { deriveVendorCode, vendorCodeCandidates } from './vendor-code.ts';

describe('derived vendor codes', () => {
  it('keeps uppercase letters and digits of the name, within the length', () => {
    expect(deriveVendorCode('Acme Concrete, Inc.', 10)).toBe('ACMECONCRE');
    expect(deriveVendorCode('Élan 4 Électrique', 10)).toBe('ELAN4ELECT');
    expect(deriveVendorCode('---', 10)).toBe('VENDOR');
  });

  it('offers suffixed codes next, still within the length', () => {
    const first = (name: string, n: number) => {
      const candidates = vendorCodeCandidates(name, 10);
      return Array.from({ length: n }, () => candidates.next().value);
    };
    expect(first('Acme', 3)).toEqual(['ACME', 'ACME2', 'ACME3']);
    expect(first('Acme Concrete', 3)).toEqual(['ACMECONCRE', 'ACMECONCR2', 'ACMECONCR3']);
    expect(first('Acme Concrete', 11).at(-1)).toBe('ACMECONC11');
  });
});
