import type { Commit } from './commit.ts';
import { maskOf, sectionKey } from './format.ts';
import type { SimError } from './refusal.ts';
import type { Row } from './tables.ts';

/**
 * Keys as Sage stores them, and the records they point to. Keys in references are formatted like the
 * keys of the records themselves before they are looked up (a commitment's `Job`, a line's cost code).
 * Each helper pushes its finding to `errors` and answers undefined when the key is unusable.
 */
interface At {
  column: string;
  item?: string;
}

function at(column: string, item?: string): At {
  return item === undefined ? { column } : { column, item };
}

/** The job as Sage stores it: punctuated when sent without punctuation, else checked against the mask. */
export function jobKey(
  commit: Commit,
  value: unknown,
  errors: SimError[],
  column = 'Job',
  item?: string,
): string | undefined {
  const job = String(value ?? '');
  if (job === '') return void errors.push({ ...at(column, item), message: `${column} is required` });
  const sectioned = sectionKey(job, commit.format.job);
  if ('value' in sectioned) return sectioned.value;
  errors.push({
    ...at(column, item),
    message: `Job ${job} does not match the job format ${maskOf(commit.format.job)}`,
  });
  return undefined;
}

/** The cost code as Sage stores it; one that fills fewer than two sections is unsectioned. */
export function costCodeKey(
  commit: Commit,
  value: unknown,
  errors: SimError[],
  item?: string,
): string | undefined {
  const code = String(value ?? '');
  if (code === '') return void errors.push({ ...at('Cost_Code', item), message: 'Cost_Code is required' });
  const sections = commit.format.costCode;
  const sectioned = sectionKey(code, sections);
  if ('value' in sectioned) return sectioned.value;
  const message =
    sectioned.problem === 'short' || sections.length < 2
      ? `Cost code ${code} is not sectioned`
      : `Cost code ${code} does not match the cost code format ${maskOf(sections)}`;
  errors.push({ ...at('Cost_Code', item), message });
  return undefined;
}

export function vendorKey(commit: Commit, value: unknown): string {
  const vendor = String(value ?? '');
  return commit.format.vendorCaps ? vendor.toUpperCase() : vendor;
}

export function commitmentKey(commit: Commit, value: unknown): string {
  const id = String(value ?? '');
  return commit.format.commitmentCaps ? id.toUpperCase() : id;
}

/** The job, if it exists and, with `open`, is not closed. */
export function findJob(
  commit: Commit,
  job: string | undefined,
  errors: SimError[],
  options: { open?: boolean; column?: string; item?: string } = {},
): Row | undefined {
  if (job === undefined) return undefined;
  const where = at(options.column ?? 'Job', options.item);
  const found = commit.store.find('JCM_MASTER__JOB', { Job: job });
  if (!found) return void errors.push({ ...where, message: `Job ${job} does not exist` });
  if (options.open && found.Status === 'Closed') {
    return void errors.push({ ...where, message: `Job ${job} is closed` });
  }
  return found;
}

/** An extra of the job must exist when one is named ('' is "no extra"). */
export function checkExtra(
  commit: Commit,
  job: string,
  extra: string,
  errors: SimError[],
  item?: string,
): void {
  if (extra !== '' && !commit.store.find('JCM_MASTER__EXTRA', { Job: job, Extra: extra })) {
    errors.push({ ...at('Extra', item), message: `Extra ${extra} of job ${job} does not exist` });
  }
}

export function findVendor(commit: Commit, vendor: string, errors: SimError[]): Row | undefined {
  const found = commit.store.find('APM_MASTER__VENDOR', { Vendor: vendor });
  if (!found) errors.push({ column: 'Vendor', message: `Vendor ${vendor} does not exist` });
  return found;
}

export function checkStandardCategory(
  commit: Commit,
  category: string,
  errors: SimError[],
  item?: string,
): Row | undefined {
  const found = commit.store.find('JCM_MASTER__STANDARD_CATEGORY', { Category: category });
  if (!found)
    errors.push({ ...at('Category', item), message: `Category ${category} is not a standard category` });
  return found;
}

/** A summary (group) cost code takes no costs (sage300-notes.md §2 row 7). */
export function checkNotSummary(
  commit: Commit,
  code: string,
  errors: SimError[],
  item?: string,
): Row | undefined {
  const standard = commit.store.find('JCM_MASTER__STANDARD_COST_CODE', { Cost_Code: code });
  if (standard?.Group_Cost_Code === 'Y') {
    errors.push({ ...at('Cost_Code', item), message: `Cost code ${code} is a summary cost code` });
  }
  return standard;
}
