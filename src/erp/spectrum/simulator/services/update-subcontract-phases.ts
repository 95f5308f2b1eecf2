import { Checks, type FieldRule, overlay } from '../checks.ts';
import { blankRecord } from '../records.ts';
import { checkPhaseOnJob } from './phase-on-job.ts';
import { type PutService, putPrelude } from './service.ts';

const rules: FieldRule[] = [
  { column: 'Vendor_Code', required: 'always', maxLength: 10 },
  { column: 'Subcontract_Number', required: 'always', maxLength: 10 },
  { column: 'Phase_Code', required: 'always', format: 'phaseCode', maxLength: 20 },
  { column: 'Cost_Type', required: 'always', maxLength: 3 },
  { column: 'Bid_Item_Number', maxLength: 10 },
  { column: 'Bill_Description', maxLength: 25 },
  { column: 'Unit_Of_Measure', maxLength: 3 },
  { column: 'Original_Contract_Amount', format: 'decimal' },
];

/** Adds or updates one line of a subcontract, keyed by phase, cost type and bid item. */
export const updateSubcontractPhases: PutService = {
  kind: 'put',
  name: 'UpdateSubcontractPhases',
  parameters: [
    ...putPrelude,
    'Vendor_Code',
    'Subcontract_Number',
    'Phase_Code',
    'Cost_Type',
    'Bid_Item_Number',
    'Bill_Description',
    'Unit_Of_Measure',
    'Original_Contract_Amount',
  ],
  execute(params, { store }) {
    const Vendor_Code = params.Vendor_Code ?? '';
    const Subcontract_Number = params.Subcontract_Number ?? '';
    const existing = store.find('subcontractPhases', {
      Vendor_Code,
      Subcontract_Number,
      Phase_Code: params.Phase_Code ?? '',
      Cost_Type: params.Cost_Type ?? '',
      Bid_Item_Number: params.Bid_Item_Number ?? '',
    });
    const checks = new Checks(params).apply(rules, !existing);
    const subcontract = store.find('subcontracts', { Vendor_Code, Subcontract_Number });
    if (Vendor_Code && Subcontract_Number && !subcontract) {
      checks.reject(
        'I',
        'Subcontract_Number',
        `Subcontract ${Subcontract_Number} of vendor ${Vendor_Code} does not exist`,
      );
    }
    checkPhaseOnJob(checks, store, subcontract?.Job_Number ?? '', {
      phase: 'Phase_Code',
      costType: 'Cost_Type',
    });
    if (checks.errors.length) return { errors: checks.errors };
    const record = overlay(
      existing ?? { ...blankRecord('subcontractPhases'), Original_Contract_Amount: '0.00' },
      params,
    );
    store.save('subcontractPhases', record);
    return { stored: existing ? 'updated' : 'added' };
  },
};
