import { Checks, type FieldRule, overlay } from '../checks.ts';
import { blankRecord } from '../records.ts';
import { type PutService, putPrelude } from './service.ts';

export const jobStatuses = ['A', 'I', 'C'] as const;

const rules: FieldRule[] = [
  { column: 'Job_Number', required: 'always', maxLength: 10 },
  { column: 'Job_Description', required: 'new', maxLength: 25 },
  { column: 'Division', maxLength: 5 },
  { column: 'Address_1', maxLength: 30 },
  { column: 'Address_2', maxLength: 30 },
  { column: 'City', maxLength: 25 },
  { column: 'State', maxLength: 2 },
  { column: 'Zip_Code', maxLength: 10 },
  { column: 'Customer_Code', maxLength: 10 },
  { column: 'Cost_Center', maxLength: 10 },
  { column: 'Price_Method_Code', required: 'new', oneOf: ['F', 'T', 'C', 'U'] },
  { column: 'Taxable_Flag', required: 'new', oneOf: ['Y', 'N'] },
  { column: 'Status_Code', oneOf: jobStatuses },
  { column: 'Contract_Number', maxLength: 15 },
];

/** Adds a job, or updates the job with that number (fields sent empty keep their values). */
export const addJob: PutService = {
  kind: 'put',
  name: 'AddJob',
  parameters: [
    ...putPrelude,
    'Job_Number',
    'Job_Description',
    'Division',
    'Address_1',
    'Address_2',
    'City',
    'State',
    'Zip_Code',
    'Customer_Code',
    'Cost_Center',
    'Price_Method_Code',
    'Taxable_Flag',
    'Status_Code',
    'Contract_Number',
  ],
  execute(params, { store }) {
    const existing = store.find('jobs', { Job_Number: params.Job_Number ?? '' });
    const checks = new Checks(params).apply(rules, !existing);
    if (checks.errors.length) return { errors: checks.errors };
    store.save('jobs', overlay(existing ?? { ...blankRecord('jobs'), Status_Code: 'A' }, params));
    return { stored: existing ? 'updated' : 'added' };
  },
};
