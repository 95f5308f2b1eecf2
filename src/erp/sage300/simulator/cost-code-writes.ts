import {
  checkExtra,
  checkNotSummary,
  checkStandardCategory,
  costCodeKey,
  findJob,
  jobKey,
} from './references.ts';
import { refuseIfAny, WriteRefusal } from './refusal.ts';
import { maxEstimate, RowChecks } from './row-checks.ts';
import type { Row } from './tables.ts';
import type { WriteInput, WriteResult } from './write-request.ts';

/** A job's cost code (CreateOrModify): a modification changes only the columns given. */
export function writeCostCode({ commit, row, errors }: WriteInput): WriteResult {
  const Job = jobKey(commit, row.Job, errors);
  const Extra = String(row.Extra ?? '');
  if (findJob(commit, Job, errors, { open: true })) checkExtra(commit, Job ?? '', Extra, errors);
  const Cost_Code = costCodeKey(commit, row.Cost_Code, errors);
  if (Cost_Code) checkNotSummary(commit, Cost_Code, errors);
  new RowChecks(row, errors).maxLength({ Description: 30 });
  refuseIfAny(errors);
  const key = { Job: Job ?? '', Extra, Cost_Code: Cost_Code ?? '' };
  const existing = commit.store.find('JCM_MASTER__COST_CODE', key);
  if (existing) {
    return {
      stored: commit.modify('JCM_MASTER__COST_CODE', existing, { ...row, ...key }),
      created: false,
      warnings: [],
    };
  }
  new RowChecks(row, errors).required('Description');
  refuseIfAny(errors);
  return { stored: commit.create('JCM_MASTER__COST_CODE', { ...row, ...key }), created: true, warnings: [] };
}

/**
 * A category of a job's cost code with its estimate (CreateOrModify). Sage keeps Total_Estimate as the
 * sum of the original estimate and the approved changes.
 */
export function writeCategory({ commit, row, errors }: WriteInput): WriteResult {
  const Job = jobKey(commit, row.Job, errors);
  const Extra = String(row.Extra ?? '');
  findJob(commit, Job, errors);
  const Cost_Code = costCodeKey(commit, row.Cost_Code, errors);
  const Category = String(row.Category ?? '');
  const standard = Category === '' ? undefined : checkStandardCategory(commit, Category, errors);
  new RowChecks(row, errors)
    .required('Category')
    .maxLength({ Description: 30 })
    .maxAmount('Original_Estimate', maxEstimate)
    .maxAmount('Approved_Estimate_Changes', maxEstimate);
  refuseIfAny(errors);
  const key = { Job: Job ?? '', Extra, Cost_Code: Cost_Code ?? '' };
  if (!commit.store.find('JCM_MASTER__COST_CODE', key)) {
    const message = `Cost code ${key.Cost_Code} does not exist on job ${key.Job}`;
    throw new WriteRefusal(422, [{ column: 'Cost_Code', message }]);
  }
  const existing = commit.store.find('JCM_MASTER__CATEGORY', { ...key, Category });
  const next: Row = {
    Description: standard?.Description ?? '',
    ...existing,
    ...row,
    ...key,
    Category,
  };
  next.Total_Estimate = withCents(
    Number(next.Original_Estimate ?? 0) + Number(next.Approved_Estimate_Changes ?? 0),
  );
  if (existing)
    return { stored: commit.modify('JCM_MASTER__CATEGORY', existing, next), created: false, warnings: [] };
  return { stored: commit.create('JCM_MASTER__CATEGORY', next), created: true, warnings: [] };
}

function withCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
