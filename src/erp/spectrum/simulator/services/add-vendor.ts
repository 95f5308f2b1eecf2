import { Checks, type FieldRule, overlay } from '../checks.ts';
import { blankRecord } from '../records.ts';
import { type PutService, putPrelude } from './service.ts';

const rules: FieldRule[] = [
  {
    column: 'Vendor_Code',
    required: 'always',
    pattern: { regex: /^[A-Z0-9]+$/, says: 'must be uppercase letters and digits only' },
    maxLength: 10,
  },
  {
    column: 'Vendor_Name',
    required: 'new',
    pattern: { regex: /^[^,]*$/, says: 'must not contain commas' },
    maxLength: 30,
  },
  { column: 'Alpha_Sort', required: 'new', maxLength: 6 },
  { column: 'Type', maxLength: 3 },
  { column: 'Address_1', maxLength: 30 },
  { column: 'Address_2', maxLength: 30 },
  { column: 'Address_3', maxLength: 30 },
  { column: 'State', maxLength: 2 },
  { column: 'Zip_Code', maxLength: 10 },
  { column: 'Phone_Number', maxLength: 20 },
  { column: 'Vendor_Email', format: 'email', maxLength: 80 },
  { column: 'Terms_Code', required: 'new', oneOf: ['A', 'B'] },
  { column: 'Terms_Days', required: 'new', format: 'days' },
];

/** Adds a vendor (active), or updates the vendor with that code. */
export const addVendor: PutService = {
  kind: 'put',
  name: 'AddVendor',
  parameters: [
    ...putPrelude,
    'Vendor_Code',
    'Vendor_Name',
    'Alpha_Sort',
    'Type',
    'Address_1',
    'Address_2',
    'Address_3',
    'State',
    'Zip_Code',
    'Phone_Number',
    'Vendor_Email',
    'Terms_Code',
    'Terms_Days',
  ],
  execute(params, { store }) {
    const existing = store.find('vendors', { Vendor_Code: params.Vendor_Code ?? '' });
    const checks = new Checks(params).apply(rules, !existing);
    if (checks.errors.length) return { errors: checks.errors };
    const record = overlay(existing ?? { ...blankRecord('vendors'), Status_Code: 'A' }, params);
    record.Terms_Days = String(Number(record.Terms_Days)); // `030` is stored as 30 days
    store.save('vendors', record);
    return { stored: existing ? 'updated' : 'added' };
  },
};
