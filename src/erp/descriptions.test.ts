import { describe, expect, it } from 'vitest';
import type { FieldRule } from '../domain/preflight.ts';
import { preflight } from '../domain/preflight.ts';
import type { ExportKind } from './connector.ts';
import { describeErp } from './descriptions.ts';
import { sage300Description } from './sage300/rules.ts';

/** A record of each kind, in the connectors' write model, that every ERP accepts. */
const valid: Record<ExportKind, Record<string, unknown>> = {
  project: {
    jobNumber: '10-1001',
    name: 'Riverside Clinic',
    division: '10',
    address: { line1: '1 River Rd', city: 'Austin', state: 'TX', zip: '78701' },
    customerCode: 'CITY',
    costCenter: 'CC1',
    priceMethod: 'F',
    taxable: true,
  },
  cost_codes: { code: '03-300', description: 'Concrete', costTypes: ['L', 'M'] },
  budget: { lines: [{ code: '03-300', costType: 'L', amount: 100 }] },
  vendor: {
    vendorCode: 'ACME',
    name: 'Acme Concrete',
    email: 'ap@acme.test',
    address: { line1: '2 Main', city: 'Austin', state: 'TX', zip: '78702' },
  },
  commitment: {
    jobNumber: '10-1001',
    vendorCode: 'ACME',
    number: 'SC1',
    title: 'Concrete',
    lines: [{ code: '03-300', costType: 'L', amount: 100, description: 'Pour' }],
  },
  change_order: {
    number: 'CO1',
    title: 'Extra pour',
    description: 'More concrete',
    lines: [{ code: '03-300', costType: 'L', amount: 100, description: 'Pour' }],
  },
};

/** A value that breaks the rule (and, where possible, only that rule). */
function breaking(rule: FieldRule): unknown {
  if (rule.oneOf) return 'Z';
  if (rule.pattern) {
    const pattern = new RegExp(rule.pattern);
    const candidates = ['AC-ME', 'Acme, Inc', '03300', 'a b', '12-3456-789-0', 'no-at-sign', '-'];
    const found = candidates.find(
      (c) => !pattern.test(rule.normalise === 'remove-dashes' ? c.replaceAll('-', '') : c),
    );
    if (found) return found;
  }
  if (rule.maxLength !== undefined) return 'A'.repeat(rule.maxLength + 1);
  if (rule.required) return '';
  throw new Error(`no way to break ${rule.path}`);
}

function withValue(record: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(record);
  const parts = path.replaceAll('[]', '.0').split('.');
  let node = copy as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts.at(-1)!] = value;
  return copy;
}

const systems = [
  { system: 'spectrum' as const, settings: { phaseMask: '##-###' }, name: 'Spectrum' },
  { system: 'sage300' as const, settings: {}, name: 'Sage 300' },
  { system: 'sage300' as const, settings: { jobMask: '##-####' }, name: 'Sage 300' },
];

describe.each(systems)('the field rules of $system $settings', ({ system, settings, name }) => {
  const description = describeErp(system, settings);
  const kinds = Object.keys(valid) as ExportKind[];

  it.each(kinds)('accept a valid %s', (kind) => {
    expect(preflight(description.fields[kind], valid[kind], name).problems).toEqual([]);
  });

  const cases = kinds.flatMap((kind) =>
    description.fields[kind].map((rule) => ({ kind, rule, label: `${kind} ${rule.path}` })),
  );
  it.each(cases)('each rule catches what breaks it: $label', ({ kind, rule }) => {
    const record = withValue(valid[kind], rule.path, breaking(rule));
    const problems = preflight(description.fields[kind], record, name).problems;
    expect(problems.map((p) => p.path)).toContain(rule.path.replaceAll('[]', '[0]'));
  });
});

describe('a Sage 300 job mask', () => {
  const jobNumber = (mask: string) =>
    sage300Description({ jobMask: mask }).fields.project.find((rule) => rule.path === 'jobNumber')!;
  const fits = (mask: string, value: string) => new RegExp(jobNumber(mask).pattern!).test(value);

  it('takes a number with or without the mask’s punctuation, which Sage inserts itself', () => {
    expect(fits('XX-XXXX', '24-1001')).toBe(true);
    expect(fits('XX-XXXX', '241001')).toBe(true);
    expect(fits('XX-XXXX', 'AH-0001')).toBe(true);
    expect(fits('XX-XXXX', '24-10')).toBe(false);
    expect(fits('XX-XXXX', '24/1001')).toBe(false);
  });

  it('keeps `#` a digit, `A` a letter and `X` either, as an admin types them', () => {
    expect(fits('##-####', '24-1001')).toBe(true);
    expect(fits('##-####', 'AH-0001')).toBe(false);
    expect(fits('AA-###', 'AH-001')).toBe(true);
    expect(fits('AA-###', '12-001')).toBe(false);
  });
});
