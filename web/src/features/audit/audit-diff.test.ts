import { describe, expect, it } from 'vitest';
import { defaultMoneyFormat } from '../../format/money.ts';
import { actionLabel } from './audit-actions.ts';
import { diffRows, displayValue } from './audit-diff.ts';
import type { AuditEvent } from './audit-queries.ts';
import { subjectFacts } from './audit-subject.tsx';

describe('audit diff', () => {
  it('lists only what changed when both sides are there, lines by their own keys', () => {
    const before = {
      name: 'Riverside Clinic',
      address: { city: 'Austin', zip: '78701' },
      lines: [
        { costCode: '03-300', costType: 'L', amount: '1000.00' },
        { costCode: '03-300', costType: 'M', amount: '500.00' },
      ],
    };
    const after = {
      name: 'Riverside Clinic',
      address: { city: 'Dallas', zip: '78701' },
      lines: [
        { costCode: '03-300', costType: 'M', amount: '500.00' },
        { costCode: '03-300', costType: 'L', amount: '1250.00' },
      ],
    };
    expect(diffRows(before, after)).toEqual({
      rows: [
        { path: 'address.city', before: 'Austin', after: 'Dallas' },
        { path: 'lines[03-300 L].amount', before: '1000.00', after: '1250.00' },
      ],
      unchanged: 7,
    });
  });

  it("reads a budget's changed lines by their keys, as money", () => {
    const before = {
      lineCount: 40,
      total: '40000.00',
      lines: { '01-100 L': '1000.00', '05-100 L': '1000.00' },
    };
    const after = { lineCount: 40, total: '39250.10', lines: { '01-100 L': '1250.00', '05-100 M': '0.10' } };
    const { rows, unchanged } = diffRows(before, after);
    expect(rows).toEqual([
      { path: 'total', before: '40000.00', after: '39250.10' },
      { path: 'lines[01-100 L]', before: '1000.00', after: '1250.00' },
      { path: 'lines[05-100 L]', before: '1000.00', after: undefined },
      { path: 'lines[05-100 M]', before: undefined, after: '0.10' },
    ]);
    expect(unchanged).toBe(1);
    expect(displayValue('lines[01-100 L]', '1250.00', defaultMoneyFormat)).toBe('$1,250.00');
    expect(displayValue('lines[05-100 M]', undefined, defaultMoneyFormat)).toBe('—');
    // Rows stored before amounts were decimal strings still read, as plain numbers.
    expect(diffRows({ lineCount: 0 }, { lineCount: 2 }).rows).toEqual([
      { path: 'lineCount', before: 0, after: 2 },
    ]);
    expect(displayValue('total', 125000, defaultMoneyFormat)).toBe('125000');
  });

  it('lists every field of a one-sided event', () => {
    expect(
      diffRows(undefined, { requestId: 'r1', status: 'exporting', options: { jobNumber: '24-010' } }),
    ).toEqual({
      rows: [
        { path: 'requestId', before: undefined, after: 'r1' },
        { path: 'status', before: undefined, after: 'exporting' },
        { path: 'options.jobNumber', before: undefined, after: '24-010' },
      ],
      unchanged: 0,
    });
  });

  it('formats money fields, and only those, as money', () => {
    expect(displayValue('lines[03-300 L].amount', '1250.00', defaultMoneyFormat)).toBe('$1,250.00');
    expect(displayValue('total', '-1234567890123.99', defaultMoneyFormat)).toBe('-$1,234,567,890,123.99');
    expect(displayValue('number', '1250.00', defaultMoneyFormat)).toBe('1250.00');
    expect(displayValue('active', false, defaultMoneyFormat)).toBe('No');
    expect(displayValue('costTypes', ['L', 'M'], defaultMoneyFormat)).toBe('L, M');
    expect(displayValue('division', null, defaultMoneyFormat)).toBe('—');
  });

  it('names actions in words, with the ERP', () => {
    expect(actionLabel('erp_request.accepted', 'Spectrum')).toBe('Accepted');
    expect(actionLabel('erp_request.sent', 'Spectrum')).toBe('Sent to Spectrum');
    expect(actionLabel('erp_request.failed', 'Spectrum')).toBe('Failed to Export');
    expect(actionLabel('budget.imported_from_erp', 'Spectrum')).toBe('Budget imported from Spectrum');
    expect(actionLabel('erp_job.archived', 'Sage 300 CRE')).toBe('Sage 300 CRE job archived');
    expect(actionLabel('project.cost_code_added', 'Spectrum')).toBe('Project cost code added');
  });
});

describe('subject facts', () => {
  const event = (id: string, subjectId: string, after: unknown): AuditEvent => ({
    id,
    at: '2026-03-04T15:00:00.000Z',
    actor: { id: 'u1', label: 'admin@demo.test' },
    action: 'x.y',
    subjectType: 'commitment',
    subjectId,
    after,
  });

  it('names a subject by its best name from any event, and keeps where its page is', () => {
    const facts = subjectFacts([
      event('e3', 'k1', { requestId: 'r1', status: 'synced' }),
      event('e2', 'k1', { jobNumber: '24-001' }),
      event('e1', 'k1', { name: 'Drywall and framing', projectId: 'p1' }),
    ]);
    expect(facts.get('k1')).toMatchObject({ name: 'Drywall and framing', projectId: 'p1' });
  });
});
