import { describe, expect, it } from 'vitest';
import { type SendFacts, unmetSendRules } from './ordering-rules.ts';

const paths = (facts: SendFacts) => unmetSendRules(facts, 'Spectrum').map((r) => r.path);

describe('ordering rules', () => {
  it('projects: active (a blank ERP job field is a preflight warning at send, not a rule)', () => {
    expect(paths({ kind: 'project', active: true })).toEqual([]);
    expect(paths({ kind: 'project', active: false })).toEqual(['active']);
  });

  it('cost codes: only for a synced project with something new', () => {
    expect(paths({ kind: 'cost_codes', projectSynced: true, newAssignments: 2 })).toEqual([]);
    expect(paths({ kind: 'cost_codes', projectSynced: false, newAssignments: 2 })).toEqual(['project']);
    expect(paths({ kind: 'cost_codes', projectSynced: true, newAssignments: 0 })).toEqual(['costCodes']);
  });

  it('budgets: project synced, locked, lines whose pairs are in the ERP — all reported at once', () => {
    const ok: SendFacts = {
      kind: 'budget',
      projectSynced: true,
      locked: true,
      unsyncedPairs: [],
      lineCount: 3,
    };
    expect(paths(ok)).toEqual([]);
    const all = unmetSendRules(
      {
        ...ok,
        projectSynced: false,
        locked: false,
        unsyncedPairs: [{ costCode: '03-300', costType: 'M', path: 'lines[4]' }],
      },
      'Spectrum',
    );
    expect(all.map((r) => r.path)).toEqual(['project', 'locked', 'lines[4]']);
    expect(all[2]?.message).toBe(
      "Cost code 03-300 × M is not yet in Spectrum: send the project's cost codes for update first",
    );
  });

  it('vendors: active', () => {
    expect(paths({ kind: 'vendor', active: true })).toEqual([]);
    expect(paths({ kind: 'vendor', active: false })).toEqual(['active']);
  });

  it('commitments: vendor synced, approved, with lines in the ERP', () => {
    const ok: SendFacts = {
      kind: 'commitment',
      projectSynced: true,
      vendorSynced: true,
      vendorName: 'Acme',
      status: 'approved',
      lineCount: 1,
      unsyncedPairs: [],
    };
    expect(paths(ok)).toEqual([]);
    expect(paths({ ...ok, vendorSynced: false, status: 'draft', lineCount: 0 })).toEqual([
      'vendorId',
      'status',
      'lines',
    ]);
  });

  it('change orders: commitment synced, approved, with lines in the ERP', () => {
    const ok: SendFacts = {
      kind: 'change_order',
      commitmentSynced: true,
      commitmentNumber: 'SC-1',
      status: 'approved',
      lineCount: 1,
      unsyncedPairs: [],
    };
    expect(paths(ok)).toEqual([]);
    expect(paths({ ...ok, commitmentSynced: false, status: 'void' })).toEqual(['commitment', 'status']);
  });
});
