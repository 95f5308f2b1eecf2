import { describe, expect, it } from 'vitest';
import type { SimWrite } from '../../src/erp/spectrum/simulator/index.ts';
import {
  initialModel,
  jobKey,
  type Model,
  type ModelRecord,
  subcontractKey,
  vendorKey,
} from './model-state.ts';
import { writeLogViolations } from './write-log-invariants.ts';

/** The checker of the model-based test must itself catch what it is there for. */
describe('the write-log invariants', () => {
  const record = (
    model: Model,
    kind: ModelRecord['kind'],
    label: string,
    extra: Partial<ModelRecord> = {},
  ) => {
    const made: ModelRecord = {
      index: model.records.length,
      kind,
      id: label,
      path: '',
      version: 1,
      label,
      synced: false,
      keysGiven: new Set(),
      everAccepted: true,
      ...extra,
    };
    model.records.push(made);
    return made;
  };
  let seq = 0;
  const write = (service: SimWrite['service'], fields: Record<string, string>): SimWrite => ({
    seq: ++seq,
    service,
    outcome: 'added',
    fields,
  });
  const world = () => {
    const model = initialModel('/companies/c', {
      foreign: [{ kind: 'vendor', key: 'BOLT', mirrored: false }],
      projects: [],
      vendors: [],
      syncFirst: false,
      commitments: [],
      changeOrders: [],
      acceptChangeOrders: false,
      phantom: 'none',
    });
    const project = record(model, 'project', 'Model P0', { keysGiven: new Set([jobKey('J1')]) });
    const vendor = record(model, 'vendor', 'v1@model.test', { keysGiven: new Set([vendorKey('ACME')]) });
    const given = new Set([subcontractKey('ACME', 'SC1')]);
    record(model, 'commitment', 'K2', {
      projectIndex: project.index,
      vendorIndex: vendor.index,
      number: 'SC1',
      keysGiven: given,
    });
    record(model, 'commitment', 'K3', {
      projectIndex: project.index,
      vendorIndex: vendor.index,
      number: 'SC1',
      keysGiven: given,
    });
    const allowed = [
      write('AddJob', { Job_Number: 'J1', Job_Description: 'Model P0' }),
      write('AddVendor', { Vendor_Code: 'ACME', Vendor_Email: 'v1@model.test' }),
      write('UpdateSubcontract', {
        Vendor_Code: 'ACME',
        Subcontract_Number: 'SC1',
        Job_Number: 'J1',
        Comment: 'K2 first',
      }),
    ];
    return { model, allowed };
  };

  it('passes what the model allowed', () => {
    const { model, allowed } = world();
    expect(writeLogViolations(model, allowed)).toEqual([]);
  });

  it('catches a job the record was never given, a subcontract of two records, a write over a foreign vendor', () => {
    const { model, allowed } = world();
    const problems = writeLogViolations(model, [
      ...allowed,
      write('AddJob', { Job_Number: 'J2', Job_Description: 'Model P0' }),
      write('UpdateSubcontract', {
        Vendor_Code: 'ACME',
        Subcontract_Number: 'SC1',
        Job_Number: 'J1',
        Comment: 'K3 first',
      }),
      write('UpdateVendor', { Vendor_Code: 'BOLT', Vendor_Name: 'Ours now' }),
      write('AddPhase', { Job_Number: '24-001', Phase_Code: '01100', Cost_Type: 'L' }),
    ]);
    expect(problems).toEqual([
      expect.stringContaining('wrote job:J2 for record 0, which was never given it'),
      expect.stringContaining("wrote subcontract:ACME/SC1 for record 3, already record 2's"),
      expect.stringContaining('UpdateVendor wrote over vendor:BOLT, made in Spectrum without us'),
      expect.stringContaining('AddPhase wrote a phase of job 24-001, which no export of ours created'),
    ]);
  });
});
