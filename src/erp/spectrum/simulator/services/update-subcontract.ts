import { Checks, type FieldRule, overlay } from '../checks.ts';
import { blankRecord } from '../records.ts';
import { type PutService, putPrelude } from './service.ts';

/** `A` active, `C` closed, `V` void *(our profile)*. */
const subcontractStatuses = ['A', 'C', 'V'] as const;

const rules: FieldRule[] = [
  { column: 'Vendor_Code', required: 'always', maxLength: 10 },
  { column: 'Subcontract_Number', required: 'always', maxLength: 10 },
  { column: 'Job_Number', required: 'new', maxLength: 10 },
  {
    column: 'GL_Account',
    required: 'new',
    pattern: { regex: /^\d+$/, says: 'must be digits only' },
    maxLength: 12,
  },
  { column: 'Comment', maxLength: 120 },
  { column: 'Status_Code', oneOf: subcontractStatuses },
  { column: 'Retention_Percent', format: 'percent' },
  { column: 'Date_Issued', format: 'date' },
];

/** Adds a subcontract (the header of a commitment), or updates it; its job is fixed once created. */
export const updateSubcontract: PutService = {
  kind: 'put',
  name: 'UpdateSubcontract',
  parameters: [
    ...putPrelude,
    'Vendor_Code',
    'Subcontract_Number',
    'Job_Number',
    'GL_Account',
    'Comment',
    'Status_Code',
    'Retention_Percent',
    'Date_Issued',
  ],
  execute(params, { store }) {
    const Vendor_Code = params.Vendor_Code ?? '';
    const Job_Number = params.Job_Number ?? '';
    const existing = store.find('subcontracts', {
      Vendor_Code,
      Subcontract_Number: params.Subcontract_Number ?? '',
    });
    const checks = new Checks(params).apply(rules, !existing);
    if (Vendor_Code && !store.find('vendors', { Vendor_Code })) {
      checks.reject('I', 'Vendor_Code', `Vendor ${Vendor_Code} does not exist`);
    }
    if (existing && Job_Number && Job_Number !== existing.Job_Number) {
      checks.reject(
        'I',
        'Job_Number',
        `Job_Number cannot change: the subcontract is on job ${existing.Job_Number}`,
      );
    } else if (Job_Number && !store.find('jobs', { Job_Number })) {
      checks.reject('I', 'Job_Number', `Job ${Job_Number} does not exist`);
    }
    if (checks.errors.length) return { errors: checks.errors };
    const record = overlay(
      existing ?? { ...blankRecord('subcontracts'), Status_Code: 'A', Retention_Percent: '0.00' },
      params,
    );
    store.save('subcontracts', record);
    return { stored: existing ? 'updated' : 'added' };
  },
};
