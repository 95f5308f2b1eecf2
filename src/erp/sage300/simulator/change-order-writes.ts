import { withLines } from './commitment-writes.ts';
import { addMissingJobCost, checkJobCostOrStandard } from './job-cost-additions.ts';
import { checkNotSummary, checkStandardCategory, commitmentKey, costCodeKey } from './references.ts';
import { refuseIfAny, type SimError, WriteRefusal } from './refusal.ts';
import { maxLineAmount, RowChecks, readColumns } from './row-checks.ts';
import type { Row } from './tables.ts';
import type { WriteInput, WriteResult } from './write-request.ts';

const savedChangeOrder =
  'A saved commitment change order cannot be changed or deleted: enter a new change order with negative amounts to correct it';

/**
 * A commitment change order with its lines (CreateOnly, whole): never edited once saved
 * (sage300-notes.md §2 rows 14–16). A line changing a commitment item names that item's cost code and
 * category; a new line (`Commitment_Item` '') on a job cost the job lacks adds it like a commitment line.
 */
export function writeChangeOrder({ commit, row, lines, errors }: WriteInput): WriteResult {
  const Commitment = commitmentKey(commit, row.Commitment);
  new RowChecks({ ...row, Commitment }, errors)
    .required('Commitment', 'Commitment_CO')
    .maxLength({ Commitment_CO: 5 });
  const commitment = Commitment ? commit.store.find('JCM_MASTER__COMMITMENT', { Commitment }) : undefined;
  if (Commitment && !commitment) {
    errors.push({ column: 'Commitment', message: `Commitment ${Commitment} does not exist` });
  }
  refuseIfAny(errors);
  const key = { Commitment, Commitment_CO: String(row.Commitment_CO) };
  const existing = commit.store.find('JCM_MASTER__COMMITMENT_CO', key);
  if (existing) {
    const message = `Change order ${key.Commitment_CO} of commitment ${Commitment} already exists. ${savedChangeOrder}`;
    throw new WriteRefusal(409, [{ column: 'Commitment_CO', message }], withLines(commit, existing));
  }
  const date = String(row.Date ?? commit.today);
  if (!/^\d{2}\/\d{2}\/\d{4}$/.test(date))
    errors.push({ column: 'Date', message: `Date ${date} is not a date (MM/DD/YYYY)` });
  new RowChecks(row, errors)
    .required('Description')
    .maxLength({ Description: 30 })
    .oneOf('Status', ['Approved']);
  const items = readLines(
    lines,
    errors,
    { ...key, Job: String(commitment?.Job), Extra: String(commitment?.Extra) },
    commit,
  );
  refuseIfAny(errors);

  const header = commit.create('JCM_MASTER__COMMITMENT_CO', {
    Status: 'Approved',
    ...row,
    ...key,
    Date: date,
  });
  const stored = items.map(({ line, added }) => {
    if (added) addMissingJobCost(commit, added);
    return commit.create('JCM_MASTER__COMMITMENT_CO_ITEM', line);
  });
  return { stored: { ...header, lines: stored }, created: true, warnings: [] };
}

interface ChangeOrderLine {
  line: Row;
  /** The job cost of a new line, added to the job if it lacks it. */
  added?: { Job: string; Extra: string; Cost_Code: string; Category: string };
}

function readLines(
  lines: readonly unknown[],
  errors: SimError[],
  header: { Commitment: string; Commitment_CO: string; Job: string; Extra: string },
  commit: WriteInput['commit'],
): ChangeOrderLine[] {
  const { Commitment, Commitment_CO, Job, Extra } = header;
  const items: ChangeOrderLine[] = [];
  const seenItems = new Set<string>();
  const changed = new Set<string>();
  lines.forEach((input, index) => {
    const item = String((input as Record<string, unknown> | null)?.Item ?? index + 1);
    const line = readColumns('JCM_MASTER__COMMITMENT_CO_ITEM', input, errors, item);
    new RowChecks(line, errors, item)
      .required('Item')
      .maxLength({ Description: 30 })
      .maxAmount('Amount', maxLineAmount);
    if (seenItems.has(item))
      errors.push({ column: 'Item', item, message: `Item ${item} appears twice in the change order` });
    seenItems.add(item);
    const target = String(line.Commitment_Item ?? '');
    const stored = { ...line, Commitment, Commitment_CO, Item: item, Commitment_Item: target };
    const Cost_Code = costCodeKey(commit, line.Cost_Code, errors, item);
    const Category = String(line.Category ?? '');
    if (Category === '') errors.push({ column: 'Category', item, message: 'Category is required' });
    else checkStandardCategory(commit, Category, errors, item);
    if (target !== '') {
      // A line changing a commitment item is on that item's cost code and category.
      const changes = commit.store.find('JCM_MASTER__COMMITMENT_LINE_ITEM', { Commitment, Item: target });
      if (!changes) {
        errors.push({
          column: 'Commitment_Item',
          item,
          message: `Commitment item ${target} is not on commitment ${Commitment}`,
        });
      } else if (changed.has(target)) {
        const message = `Commitment item ${target} is changed twice in change order ${Commitment_CO}`;
        errors.push({ column: 'Commitment_Item', item, message });
      } else if (
        Cost_Code &&
        Category &&
        (changes.Cost_Code !== Cost_Code || changes.Category !== Category)
      ) {
        const message = `Commitment item ${target} is on cost code ${changes.Cost_Code} category ${changes.Category}, not ${Cost_Code} ${Category}`;
        errors.push({ column: 'Cost_Code', item, message });
      }
      changed.add(target);
      items.push({ line: { ...stored, Cost_Code: Cost_Code ?? '', Category } });
      return;
    }
    if (Cost_Code) {
      checkNotSummary(commit, Cost_Code, errors, item);
      checkJobCostOrStandard(commit, { Job, Extra, Cost_Code, Category }, errors, item);
    }
    const added = { Job, Extra, Cost_Code: Cost_Code ?? '', Category };
    items.push({ line: { ...stored, Cost_Code: Cost_Code ?? '', Category }, added });
  });
  return items;
}
