import type { ErrorRecord } from '../checks.ts';
import { code, type ElementSpec, getHeader, text } from '../elements.ts';
import { type FieldsOf, type SimJob, tables } from '../records.ts';
import { superSelect } from '../super-select.ts';
import { type GetOutcome, noRecordsFound, type ReturnField, type ServiceRequest } from './service.ts';

const jobFieldNames = new Set<string>(tables.jobs.fields);

/**
 * The parameters GetJob, GetJobMain, GetJobDates and GetJobUDF share (spectrum-sdx §6–§7, additions
 * §2–§3), and the job selection they make. Every filter but pStatus_Code, pCost_Center and pSort_By
 * takes SuperSelect. A blank pStatus_Code means Active and Inactive: Complete jobs only when asked.
 */
export const jobFilters: readonly ElementSpec[] = [
  ...getHeader,
  text('pDivision', 5, { superSelect: true }),
  code('pStatus_Code', 1, ['A', 'I', 'C']),
  text('pProject_Manager', 15, { superSelect: true }),
  text('pSuperintendent', 15, { superSelect: true }),
  text('pEstimator', 15, { superSelect: true }),
  text('pCustomer_Code', 10, { superSelect: true }),
  text('pCost_Center', 10),
];

/** Blank: job number; D division, P project manager, S superintendent, E estimator, C customer. */
export const jobSortBy = code('pSort_By', 1, ['D', 'P', 'S', 'E', 'C']);

/** What GetJob and GetJobMain answer first: the job, its division and its address. */
export const jobHeadFields = [
  ['Company_Code', 3],
  ['Job_Number', 10],
  ['Job_Description', 25],
  ['Division', 5],
  ['Address_1', 30],
  ['Address_2', 30],
  ['City', 25],
  ['State', 2],
  ['Zip_Code', 10],
] as const;

const sortFields: Record<string, keyof FieldsOf<'jobs'>> = {
  D: 'Division',
  P: 'Project_Manager',
  S: 'Superintendent',
  E: 'Estimator',
  C: 'Customer_Code',
};

const selectFilters = [
  ['pDivision', 'Division'],
  ['pProject_Manager', 'Project_Manager'],
  ['pSuperintendent', 'Superintendent'],
  ['pEstimator', 'Estimator'],
  ['pCustomer_Code', 'Customer_Code'],
] as const;

type Job = Partial<FieldsOf<'jobs'>>;

/** The fields a selection reads besides the answered ones: those it filters and sorts on. */
const selectionFields = [
  'Job_Number',
  'Status_Code',
  'Cost_Center',
  ...selectFilters.map(([, field]) => field),
];

/**
 * The jobs a job Get answers, sorted (stable, job number within equal keys), or `W` none found.
 * Reads only the job fields among `answered` (and those it selects on).
 */
export function selectJobs(
  { params, store }: ServiceRequest,
  answered: readonly ReturnField[],
): { jobs: Job[] } | { error: ErrorRecord } {
  const statuses = params.pStatus_Code ? [params.pStatus_Code] : ['A', 'I'];
  const where: Partial<Record<keyof SimJob, string | readonly string[]>> = { Status_Code: statuses };
  if (params.pCost_Center) where.Cost_Center = params.pCost_Center;
  const tests: ((job: Job) => boolean)[] = [];
  for (const [parameter, field] of selectFilters) {
    const filter = superSelect(params[parameter] ?? '');
    if (filter?.exact) where[field] = filter.exact;
    else if (filter) tests.push((job) => filter.matches(job[field] ?? ''));
  }
  const fields = new Set<string>(selectionFields);
  for (const { name } of answered) if (jobFieldNames.has(name)) fields.add(name);
  let jobs: Job[] = store
    .selectFields('jobs', [...fields] as (keyof FieldsOf<'jobs'>)[], where)
    .filter((job) => tests.every((test) => test(job)));
  const sortField = sortFields[params.pSort_By ?? ''];
  if (sortField) jobs = jobs.toSorted((a, b) => compareText(a[sortField] ?? '', b[sortField] ?? ''));
  return jobs.length ? { jobs } : { error: noRecordsFound };
}

/** The selected jobs as a Get's rows, or `W` none found (see `selectJobs`). */
export function jobRows(request: ServiceRequest, answered: readonly ReturnField[]): GetOutcome {
  const selected = selectJobs(request, answered);
  return 'error' in selected ? selected : { rows: selected.jobs };
}

export function compareText(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
