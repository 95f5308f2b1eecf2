import type { Commit } from './commit.ts';
import { addMissingJobCost, checkJobCostOrStandard, jobCostOf } from './job-cost-additions.ts';
import {
  checkExtra,
  checkNotSummary,
  checkStandardCategory,
  commitmentKey,
  costCodeKey,
  findJob,
  findVendor,
  jobKey,
  vendorKey,
} from './references.ts';
import { refuseIfAny, type SimError, WriteRefusal } from './refusal.ts';
import { maxLineAmount, RowChecks, readColumns } from './row-checks.ts';
import type { Row, TableName } from './tables.ts';
import type { WriteInput, WriteResult } from './write-request.ts';

const titleLength = 30;

/**
 * A commitment with its lines (CreateOnly, whole). The title is cut to 30 with a warning; lines on a
 * cost code × category the job lacks add it from the standard lists.
 */
export function writeCommitment({ commit, row, lines, errors }: WriteInput): WriteResult {
  const Commitment = commitmentKey(commit, row.Commitment);
  new RowChecks({ Commitment }, errors)
    .required('Commitment')
    .maxLength({ Commitment: commit.format.commitmentLength });
  refuseIfAny(errors);
  const existing = commit.store.find('JCM_MASTER__COMMITMENT', { Commitment });
  if (existing) {
    const message = `Commitment ${Commitment} already exists`;
    throw new WriteRefusal(409, [{ column: 'Commitment', message }], withLines(commit, existing));
  }

  const Vendor = vendorKey(commit, row.Vendor);
  if (Vendor === '') errors.push({ column: 'Vendor', message: 'Vendor is required' });
  else findVendor(commit, Vendor, errors);
  const Job = jobKey(commit, row.Job, errors);
  const Extra = String(row.Extra ?? '');
  if (findJob(commit, Job, errors, { open: true })) checkExtra(commit, Job ?? '', Extra, errors);
  new RowChecks(row, errors)
    .oneOf('Commitment_Type', ['Subcontract', 'Purchase order'])
    .oneOf('Status', ['Open', 'Void']);
  const retainage = Number(row.Retainage_Percent ?? 0);
  if (retainage < 0 || retainage > 100) {
    errors.push({ column: 'Retainage_Percent', message: 'Retainage_Percent must be from 0 to 100' });
  }
  const warnings: SimError[] = [];
  let Description = String(row.Description ?? '');
  if (Description === '') errors.push({ column: 'Description', message: 'Description is required' });
  if (Description.length > titleLength) {
    Description = Description.slice(0, titleLength);
    warnings.push({ column: 'Description', message: `Description was cut to ${titleLength} characters` });
  }
  const items = readLines(commit, lines, errors, { Job: Job ?? '', Extra });
  refuseIfAny(errors);

  const header = commit.create('JCM_MASTER__COMMITMENT', {
    Commitment_Type: 'Subcontract',
    Status: 'Open',
    ...row,
    Commitment,
    Vendor,
    Job: Job ?? '',
    Extra,
    Description,
  });
  const stored = items.map((item) => {
    addMissingJobCost(commit, jobCostOf(item));
    return commit.create('JCM_MASTER__COMMITMENT_LINE_ITEM', { ...item, Commitment });
  });
  return { stored: { ...header, lines: stored }, created: true, warnings };
}

/** A stored commitment or change order with its lines, as a write answers it. */
export function withLines(commit: Commit, header: Row): Record<string, unknown> {
  const [table, key]: [TableName, Row] =
    header.Commitment_CO === undefined
      ? ['JCM_MASTER__COMMITMENT_LINE_ITEM', { Commitment: header.Commitment ?? '' }]
      : [
          'JCM_MASTER__COMMITMENT_CO_ITEM',
          { Commitment: header.Commitment ?? '', Commitment_CO: header.Commitment_CO },
        ];
  return { ...header, lines: commit.store.select(table, { where: key }) };
}

/** Reads the commitment's lines and checks each; answers them ready to store. */
function readLines(
  commit: Commit,
  lines: readonly unknown[],
  errors: SimError[],
  header: { Job: string; Extra: string },
) {
  const items: Row[] = [];
  const seen = new Set<string>();
  lines.forEach((input, index) => {
    const raw = input as Record<string, unknown> | null;
    const item = String(raw?.Item ?? index + 1);
    const line = readColumns('JCM_MASTER__COMMITMENT_LINE_ITEM', input, errors, item);
    new RowChecks(line, errors, item)
      .required('Item', 'Category')
      .maxLength({ Description: 30 })
      .maxAmount('Amount', maxLineAmount);
    if (seen.has(item))
      errors.push({ column: 'Item', item, message: `Item ${item} appears twice in the commitment` });
    seen.add(item);
    const Job = line.Job === undefined ? header.Job : jobKey(commit, line.Job, errors, 'Job', item);
    if (line.Job !== undefined) findJob(commit, Job, errors, { open: true, item });
    const Extra = String(line.Extra ?? header.Extra);
    const Cost_Code = costCodeKey(commit, line.Cost_Code, errors, item);
    const Category = String(line.Category ?? '');
    if (Cost_Code) checkNotSummary(commit, Cost_Code, errors, item);
    if (Category) checkStandardCategory(commit, Category, errors, item);
    if (Job && Cost_Code) checkJobCostOrStandard(commit, { Job, Extra, Cost_Code, Category }, errors, item);
    items.push({ ...line, Item: item, Job: Job ?? '', Extra, Cost_Code: Cost_Code ?? '', Category });
  });
  return items;
}
