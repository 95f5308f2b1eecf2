import { Checks, type FieldRule, overlay } from '../checks.ts';
import { blankRecord, type FieldsOf } from '../records.ts';
import type { SpectrumStore } from '../store.ts';
import { checkPhaseOnJob } from './phase-on-job.ts';
import { type PutService, putPrelude } from './service.ts';

/** `O` open, `A` approved, `D` declined *(our profile: the company's change-request statuses)*. */
const changeRequestStatuses = ['O', 'A', 'D'] as const;

const headerFields = ['CR_Description', 'CR_Status', 'Origination_Date'] as const;
const subcontractSection = [
  'Subcontractor_Code',
  'Subcontract_Number',
  'Sub_Amount',
  'Sub_Status',
  'Sub_Change_Order_Number',
  'Sub_Description',
] as const;

const rules: FieldRule[] = [
  { column: 'Job_Number', required: 'always', maxLength: 10 },
  { column: 'Customer_Code', required: 'always', maxLength: 10 },
  { column: 'Change_Request_Number', required: 'always', maxLength: 8 },
  { column: 'CR_Description', maxLength: 250 },
  { column: 'CR_Status', oneOf: changeRequestStatuses },
  { column: 'Origination_Date', format: 'date' },
  { column: 'CR_Phase_Code', required: 'always', format: 'phaseCode', maxLength: 20 },
  { column: 'CR_Cost_Type', required: 'always', maxLength: 3 },
  { column: 'CR_Amount', format: 'decimal' },
  { column: 'Subcontractor_Code', maxLength: 10 },
  { column: 'Subcontract_Number', maxLength: 10 },
  { column: 'Sub_Amount', format: 'decimal' },
  // `P` pending, `E` executed, `R` rejected.
  { column: 'Sub_Status', oneOf: ['P', 'E', 'R'] },
  { column: 'Sub_Change_Order_Number', maxLength: 8 },
  { column: 'Sub_Description', maxLength: 30 },
];

/**
 * Adds or updates one cost line of an AR change request (key: job, customer, change request number,
 * phase and cost type, so a phase × cost type appears at most once per change request). The header is
 * repeated on every line; a header value sent on any line applies to the whole change request. The
 * subcontract section turns the line into a change order on a subcontract of the same job.
 */
export const arChangeRequest: PutService = {
  kind: 'put',
  name: 'ARChangeRequest',
  parameters: [
    ...putPrelude,
    'Job_Number',
    'Customer_Code',
    'Change_Request_Number',
    ...headerFields,
    'CR_Phase_Code',
    'CR_Cost_Type',
    'CR_Amount',
    ...subcontractSection,
  ],
  execute(params, { store }) {
    const request = {
      Job_Number: params.Job_Number ?? '',
      Customer_Code: params.Customer_Code ?? '',
      Change_Request_Number: params.Change_Request_Number ?? '',
    };
    const lines = store.list('changeRequests', request);
    const existing = lines.find(
      (line) => line.CR_Phase_Code === params.CR_Phase_Code && line.CR_Cost_Type === params.CR_Cost_Type,
    );
    const checks = new Checks(params).apply(rules, !existing);
    // The header is required once per change request, on its first line.
    if (lines.length === 0) {
      for (const column of ['CR_Description', 'CR_Status']) {
        if (!params[column]) checks.reject('M', column, `${column} is required for a new change request`);
      }
    }
    if (request.Job_Number && !store.find('jobs', { Job_Number: request.Job_Number })) {
      checks.reject('I', 'Job_Number', `Job ${request.Job_Number} does not exist`);
    }
    checkPhaseOnJob(checks, store, request.Job_Number, { phase: 'CR_Phase_Code', costType: 'CR_Cost_Type' });

    const header = overlay(pick(lines[0] ?? blankRecord('changeRequests'), headerFields), params);
    const line = overlay(
      existing ?? { ...blankRecord('changeRequests'), ...request, CR_Amount: '0.00' },
      params,
    );
    checkSubcontractSection(checks, store, line);
    if (checks.errors.length) return { errors: checks.errors };

    store.save('changeRequests', { ...line, ...header });
    store.updateWhere('changeRequests', request, header);
    return { stored: existing ? 'updated' : 'added' };
  },
};

function checkSubcontractSection(
  checks: Checks,
  store: SpectrumStore,
  line: FieldsOf<'changeRequests'>,
): void {
  if (!subcontractSection.some((field) => line[field] !== '')) return;
  const { Subcontractor_Code, Subcontract_Number, Job_Number } = line;
  if (!Subcontractor_Code) {
    checks.reject('M', 'Subcontractor_Code', 'Subcontractor_Code is required for a subcontract change order');
  }
  if (!Subcontract_Number) {
    checks.reject('M', 'Subcontract_Number', 'Subcontract_Number is required for a subcontract change order');
  }
  if (!Subcontractor_Code || !Subcontract_Number || !checks.passed('Subcontract_Number')) return;
  const subcontract = store.find('subcontracts', { Vendor_Code: Subcontractor_Code, Subcontract_Number });
  if (!subcontract) {
    checks.reject(
      'I',
      'Subcontract_Number',
      `Subcontract ${Subcontract_Number} of vendor ${Subcontractor_Code} does not exist`,
    );
  } else if (subcontract.Job_Number !== Job_Number) {
    checks.reject(
      'I',
      'Subcontract_Number',
      `Subcontract ${Subcontract_Number} is on job ${subcontract.Job_Number}`,
    );
  }
}

function pick<R extends Record<string, unknown>, K extends keyof R>(
  record: R,
  fields: readonly K[],
): Pick<R, K> {
  return Object.fromEntries(fields.map((field) => [field, record[field]])) as Pick<R, K>;
}
