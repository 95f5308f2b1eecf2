import { describe, expect, it } from 'vitest';
import type { SpectrumSimState } from '../../src/erp/spectrum/simulator/index.ts';
import { erpLineViolations } from './erp-line-invariants.ts';
import { initialModel, type Model, type ModelRecord } from './model-state.ts';

/** The checker of the model-based test must itself catch what it is there for. */
describe('the ERP line invariants', () => {
  const world = () => {
    const model = initialModel('/companies/c', {
      foreign: [],
      projects: [],
      vendors: [],
      syncFirst: false,
      commitments: [],
      changeOrders: [],
      acceptChangeOrders: false,
      phantom: 'none',
    });
    const record = (kind: ModelRecord['kind'], extra: Partial<ModelRecord>) =>
      model.records.push({
        index: model.records.length,
        kind,
        id: kind,
        path: '',
        version: 1,
        label: kind,
        synced: true,
        keysGiven: new Set(),
        everAccepted: true,
        ...extra,
      });
    record('project', { erpCode: 'J1' });
    record('vendor', { erpCode: 'ACME' });
    // After a half-failed export, line 2 (03-100 × L) was removed and line 1 moved from 03-100 × L.
    record('commitment', {
      projectIndex: 0,
      vendorIndex: 1,
      number: 'SC1',
      lines: [
        { item: 1, costCode: '01-100', costType: 'L', cents: 100_000 },
        { item: 3, costCode: '01-100', costType: 'M', cents: 20_000 },
      ],
    });
    record('change_order', {
      projectIndex: 0,
      commitmentIndex: 2,
      number: 'CO1',
      erpCode: 'CO1',
      lines: [
        { costCode: '01-100', costType: 'L', cents: 5_000 },
        { costCode: '01-100', costType: 'L', cents: 1_000 },
        { costCode: '03-100', costType: 'L', cents: 3_000 },
      ],
    });
    return model;
  };
  const subcontractLine = (phase: string, costType: string, item: string, amount: string) => ({
    Vendor_Code: 'ACME',
    Subcontract_Number: 'SC1',
    Phase_Code: phase,
    Cost_Type: costType,
    Bid_Item_Number: item,
    Original_Contract_Amount: amount,
  });
  const changeRequestLine = (phase: string, costType: string, item: string, amount: string) => ({
    Job_Number: 'J1',
    Change_Request_Number: 'CO1',
    Subcontractor_Code: 'ACME',
    Subcontract_Number: 'SC1',
    CR_Phase_Code: phase,
    CR_Cost_Type: costType,
    Sub_Bid_Item_Code: item,
    Change_Request_Amount: amount,
    Sub_Amount: amount,
  });
  const state = (subcontractPhases: object[], changeRequestLines: object[]) =>
    ({ subcontractPhases, changeRequestLines }) as unknown as SpectrumSimState;
  const rightLines = () => ({
    subcontract: [
      subcontractLine('01100', 'L', '1', '1000.00'),
      subcontractLine('01100', 'M', '3', '200.00'),
      subcontractLine('03100', 'L', '1', '0.00'),
      subcontractLine('03100', 'L', '2', '0.00'),
    ],
    changeRequest: [
      changeRequestLine('01100', 'L', '1', '60.00'),
      changeRequestLine('03100', 'L', '', '30.00'),
      changeRequestLine('01100', 'M', '3', '0.00'),
    ],
  });

  it('passes a synced record whose lines are its own, those it no longer has at zero', () => {
    const { subcontract, changeRequest } = rightLines();
    const model: Model = world();
    expect(erpLineViolations(model, state(subcontract, changeRequest))).toEqual([]);
    expect(model.seen.get('commitment synced over lines it no longer has')).toBe(1);
  });

  it('catches a line left at its old amount, a line missing, a wrong amount, a change request line not zeroed', () => {
    const { subcontract, changeRequest } = rightLines();
    subcontract[3] = subcontractLine('03100', 'L', '2', '500.00');
    subcontract.splice(1, 1);
    changeRequest[0] = changeRequestLine('01100', 'L', '1', '50.00');
    changeRequest[2] = changeRequestLine('01100', 'M', '3', '12.00');
    expect(erpLineViolations(world(), state(subcontract, changeRequest))).toEqual([
      expect.stringContaining('line 01100 M item 3 of 200.00 is there 0 times in Spectrum'),
      expect.stringContaining('line 03100 L item 2, no longer ours, is 500.00 in Spectrum, not 0'),
      expect.stringContaining('its lines add up to 1500.00 in Spectrum, 1200.00 on our side'),
      expect.stringContaining('line 01100 L item 1 is 50.00 in Spectrum, 60.00 on our side'),
      expect.stringContaining('line 01100 M item 3, no longer ours, is 12.00 in Spectrum, not 0'),
      expect.stringContaining('its lines add up to 92.00 in Spectrum, 90.00 on our side'),
    ]);
  });
});
