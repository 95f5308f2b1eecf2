import { describe, expect, it } from 'vitest';
import type { FieldRule } from './preflight.ts';
import { preflight } from './preflight.ts';

const rules: FieldRule[] = [
  { path: 'number', label: 'Commitment number', required: true, maxLength: 10 },
  {
    path: 'vendorCode',
    label: 'Vendor code',
    pattern: '^[A-Z0-9]+$',
    patternMessage: 'uppercase letters and digits only',
  },
  { path: 'lines[].code', label: 'Cost code', maxLength: 5, normalise: 'remove-dashes' },
  { path: 'lines[].costType', label: 'Cost type', oneOf: ['L', 'M'] },
  { path: 'title', label: 'Title', maxLength: 5, severity: 'warning' },
];

describe('preflight', () => {
  it('passes a record that meets every rule', () => {
    const result = preflight(
      rules,
      { number: 'SC-1', vendorCode: 'ACME1', lines: [{ code: '03-300', costType: 'L' }], title: 'ok' },
      'Spectrum',
    );
    expect(result).toEqual({ ok: true, problems: [] });
  });

  it('names each broken rule with a concrete path and a plain message', () => {
    const result = preflight(
      rules,
      {
        number: 'SC-00000001',
        vendorCode: 'AC-ME',
        lines: [
          { code: '03-300', costType: 'L' },
          { code: '033-001', costType: 'X' },
        ],
      },
      'Spectrum',
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        path: 'number',
        severity: 'error',
        message: 'Commitment number "SC-00000001" has 11 characters; Spectrum allows at most 10',
      },
      {
        path: 'vendorCode',
        severity: 'error',
        message: 'Vendor code "AC-ME" is not accepted by Spectrum: uppercase letters and digits only',
      },
      {
        path: 'lines[1].code',
        severity: 'error',
        message: 'Cost code "033-001" has 6 characters; Spectrum allows at most 5',
      },
      { path: 'lines[1].costType', severity: 'error', message: 'Cost type "X" is not one of L, M' },
    ]);
  });

  it('reports required values and keeps warnings from failing the check', () => {
    const result = preflight(rules, { title: 'A long title', lines: [] }, 'Sage 300');
    expect(result.problems).toEqual([
      { path: 'number', severity: 'error', message: 'Commitment number is required by Sage 300' },
      {
        path: 'title',
        severity: 'warning',
        message: 'Title "A long title" has 12 characters; Sage 300 allows at most 5',
      },
    ]);
    expect(preflight(rules, { number: 'X', title: 'too long' }, 'Sage 300').ok).toBe(true);
  });
});
