import { Checks, type FieldRule } from '../checks.ts';
import { jobStatuses } from './add-job.ts';
import { type GetService, getPrelude, noRecordsFound } from './service.ts';

const rowFields = [
  'Company_Code',
  'Job_Number',
  'Job_Description',
  'Division',
  'Address_1',
  'City',
  'State',
  'Zip_Code',
  'Customer_Code',
  'Status_Code',
  'Cost_Center',
  'Price_Method_Code',
  'Taxable_Flag',
] as const;

/** Filters on fields the simulated company keeps; people (manager, superintendent, estimator) it does not. */
const fieldFilters = {
  pDivision: 'Division',
  pCustomer_Code: 'Customer_Code',
  pCost_Center: 'Cost_Center',
} as const;
const peopleFilters = ['pProject_Manager', 'pSuperintendent', 'pEstimator'] as const;

const rules: FieldRule[] = [
  { column: 'pStatus_Code', oneOf: jobStatuses },
  { column: 'pSort_By', oneOf: rowFields },
];

/** Lists the company's jobs; a blank status filter means active and inactive ones (not complete). */
export const getJob: GetService = {
  kind: 'get',
  name: 'GetJob',
  parameters: [
    ...getPrelude,
    'pDivision',
    'pStatus_Code',
    'pProject_Manager',
    'pSuperintendent',
    'pEstimator',
    'pCustomer_Code',
    'pCost_Center',
    'pSort_By',
  ],
  rowFields,
  execute(params, { store, settings }) {
    const [error] = new Checks(params).apply(rules, false).errors;
    if (error) return { error };
    // No job has a project manager, superintendent or estimator here, so naming one matches nothing.
    if (peopleFilters.some((filter) => params[filter])) return { error: noRecordsFound };

    const statuses: readonly string[] = params.pStatus_Code ? [params.pStatus_Code] : ['A', 'I'];
    const sortBy = (params.pSort_By || 'Job_Number') as (typeof rowFields)[number];
    const rows = store
      .list('jobs')
      .filter(
        (job) =>
          statuses.includes(job.Status_Code) &&
          Object.entries(fieldFilters).every(
            ([filter, field]) => !params[filter] || job[field] === params[filter],
          ),
      )
      .map((job) => ({ ...job, Company_Code: settings.companyCode }))
      .sort((a, b) => a[sortBy].localeCompare(b[sortBy]) || a.Job_Number.localeCompare(b.Job_Number));
    return rows.length ? { rows } : { error: noRecordsFound };
  },
};
