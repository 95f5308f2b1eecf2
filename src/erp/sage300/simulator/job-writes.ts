import { findJob, jobKey } from './references.ts';
import { refuseIfAny, WriteRefusal } from './refusal.ts';
import { RowChecks } from './row-checks.ts';
import type { WriteInput, WriteResult } from './write-request.ts';

export const jobStatuses = ['Unstarted', 'In progress', 'Closed', 'Overhead'] as const;

/** Address limits shared by jobs and vendors (ERP.md §3). */
export const addressLimits = { Address_1: 30, City: 15, State: 4, ZIP_Code: 10 } as const;

/** A job (CreateOnly). The key is checked before the other columns, so a replay answers 409 with the stored job. */
export function writeJob({ commit, row, errors }: WriteInput): WriteResult {
  const Job = jobKey(commit, row.Job, errors);
  refuseIfAny(errors);
  const existing = commit.store.find('JCM_MASTER__JOB', { Job: Job ?? '' });
  if (existing)
    throw new WriteRefusal(409, [{ column: 'Job', message: `Job ${Job} already exists` }], existing);
  new RowChecks(row, errors)
    .required('Description')
    .maxLength({ Description: 30, ...addressLimits })
    .oneOf('Status', jobStatuses);
  refuseIfAny(errors);
  const stored = commit.create('JCM_MASTER__JOB', {
    ...row,
    Job: Job ?? '',
    Status: row.Status || 'In progress',
  });
  return { stored, created: true, warnings: [] };
}

/** An extra (sub job) of an existing job (CreateOnly). */
export function writeExtra({ commit, row, errors }: WriteInput): WriteResult {
  const Job = jobKey(commit, row.Job, errors);
  findJob(commit, Job, errors);
  new RowChecks(row, errors).required('Extra').maxLength({ Extra: 10, Description: 30 });
  refuseIfAny(errors);
  const key = { Job: Job ?? '', Extra: String(row.Extra) };
  const existing = commit.store.find('JCM_MASTER__EXTRA', key);
  if (existing) {
    const message = `Extra ${key.Extra} of job ${key.Job} already exists`;
    throw new WriteRefusal(409, [{ column: 'Extra', message }], existing);
  }
  return { stored: commit.create('JCM_MASTER__EXTRA', { ...row, ...key }), created: true, warnings: [] };
}
