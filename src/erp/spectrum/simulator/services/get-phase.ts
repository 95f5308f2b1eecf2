import { Checks, type FieldRule } from '../checks.ts';
import type { FieldsOf } from '../records.ts';
import { phaseStatuses } from './add-phase.ts';
import { type GetService, getPrelude, noRecordsFound } from './service.ts';

const rules: FieldRule[] = [
  { column: 'pJob_Number', required: 'always' },
  { column: 'pStatus_Code', oneOf: phaseStatuses },
];

/** Lists a job's phases × cost types with estimates and job-to-date cost; a blank filter matches all. */
export const getPhase: GetService = {
  kind: 'get',
  name: 'GetPhase',
  parameters: [...getPrelude, 'pJob_Number', 'pPhase_Code', 'pCost_Type', 'pStatus_Code'],
  rowFields: [
    'Company_Code',
    'Job_Number',
    'Phase_Code',
    'Cost_Type',
    'Description',
    'Status_Code',
    'Original_Est_Cost',
    'Current_Estimated_Dollars',
    'JTD_Actual_Dollars',
  ],
  execute(params, { store, settings }) {
    const [error] = new Checks(params).apply(rules, false).errors;
    if (error) return { error };
    const where: Partial<FieldsOf<'phases'>> = { Job_Number: params.pJob_Number };
    if (params.pPhase_Code) where.Phase_Code = params.pPhase_Code;
    if (params.pCost_Type) where.Cost_Type = params.pCost_Type;
    if (params.pStatus_Code) where.Status_Code = params.pStatus_Code;
    const rows = store
      .list('phases', where)
      .map((phase) => ({ ...phase, Company_Code: settings.companyCode }));
    return rows.length ? { rows } : { error: noRecordsFound };
  },
};
