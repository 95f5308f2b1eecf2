/**
 * Vendors, commitments and commitment change orders in Sage 300 CRE (ERP.md §3), through the agent:
 *
 *   vendor        → find the code (is it free?), create (CreateOnly: Sage upper-cases it); a change of a
 *                   synced vendor modifies only the columns that changed (ModifyOnly)
 *   commitment    → one create of the header with its lines (Sage writes it whole or not at all); Sage
 *                   never changes a commitment once created, so one found under our number is ours only
 *                   if this same command wrote it, and only as we would write it now
 *   change order  → one create, likewise: a saved commitment change order is never changed or deleted
 *                   in Sage; a correction is a new change order with negative lines
 */
import {
  type ChangeOrderWrite,
  type CommitmentWrite,
  type CreateClaim,
  DuplicateErpError,
  RejectedErpError,
  type VendorUpdate,
  type VendorWrite,
  type WriteResult,
} from '../connector.ts';
import type { SageRow } from './protocol.ts';
import type { SageLink, StoredRow, WriteAnswer } from './sage-link.ts';
import { addressPaths, fromSageMoney, tables, toSageAddress, toSageMoney } from './tables.ts';

const unclaimed: CreateClaim = { claimed: false, claim: async () => {} };

const vendorPaths = {
  ...addressPaths,
  Vendor: 'vendorCode',
  Name: 'name',
  Email: 'email',
};
const linePaths = {
  'lines.Cost_Code': 'lines[].code',
  'lines.Category': 'lines[].costType',
  'lines.Amount': 'lines[].amount',
  'lines.Description': 'lines[].description',
  'lines.Item': 'lines[]',
  'lines.Commitment_Item': 'lines[]',
};
const commitmentPaths = {
  ...linePaths,
  Commitment: 'number',
  Description: 'title',
  Vendor: 'vendorCode',
  Job: 'jobNumber',
};
const changeOrderPaths = {
  ...linePaths,
  Commitment_CO: 'number',
  Description: 'title',
  Commitment: 'commitment',
};

const duplicateVendor = (code: string) =>
  new DuplicateErpError(
    `Vendor ${code} already exists in Sage 300 CRE; retry with another vendor code`,
    'vendorCode',
  );

const withWarnings = (erpIds: Record<string, string>, answer: WriteAnswer): WriteResult =>
  answer.outcome === 'written' && answer.warnings.length > 0
    ? { erpIds, warnings: answer.warnings }
    : { erpIds };

export async function createVendor(
  link: SageLink,
  vendor: VendorWrite,
  { claimed, claim }: CreateClaim = unclaimed,
): Promise<WriteResult> {
  const existing = await link.find(tables.vendor, { Vendor: vendor.vendorCode });
  if (existing && !claimed) throw duplicateVendor(vendor.vendorCode);
  if (!claimed) await claim();
  const answer = await link.write(
    'create',
    `vendor:${vendor.vendorCode}`,
    tables.vendor,
    {
      Vendor: vendor.vendorCode,
      Name: vendor.name,
      ...toSageAddress(vendor.address),
      Email: vendor.email ?? '',
      Status: 'Active',
    },
    vendorPaths,
  );
  if (answer.outcome === 'exists' && !answer.ours) throw duplicateVendor(vendor.vendorCode);
  return withWarnings({ vendor: String(answer.stored.Vendor) }, answer);
}

/** Only the columns that changed; a cleared value is written empty (Sage has no null). */
export async function updateVendor(link: SageLink, update: VendorUpdate): Promise<WriteResult> {
  const row: SageRow = { Vendor: update.vendorCode };
  if (update.name !== undefined) row.Name = update.name;
  if (update.address !== undefined) Object.assign(row, toSageAddress(update.address));
  if (update.email !== undefined) row.Email = update.email ?? '';
  if (update.active !== undefined) row.Status = update.active ? 'Active' : 'Inactive';
  const answer = await link.write(
    'modify',
    `vendor-update:${update.vendorCode}`,
    tables.vendor,
    row,
    vendorPaths,
  );
  return withWarnings({ vendor: String(answer.stored.Vendor) }, answer);
}

/** What a line carries that Sage keeps as it was sent (codes and amounts), to tell our own create from a changed one. */
const lineSignature = (lines: SageRow[] | undefined, item: string) =>
  (lines ?? [])
    .map((line) => `${line[item]}|${line.Cost_Code}|${line.Category}|${fromSageMoney(line.Amount)}`)
    .sort()
    .join('\n');

/**
 * A create that an earlier run made (or found made): ours, and as we would write it now, or refused with
 * Sage's reason, since Sage changes neither a commitment nor a change order once created.
 */
function acceptExisting(
  answer: WriteAnswer,
  sent: SageRow[],
  item: string,
  notOurs: () => Error,
  changed: () => Error,
) {
  if (answer.outcome === 'written' && answer.fresh) return;
  if (answer.outcome === 'exists' && !answer.ours) throw notOurs();
  if (lineSignature(answer.stored.lines, item) !== lineSignature(sent, item)) throw changed();
}

export async function createCommitment(link: SageLink, commitment: CommitmentWrite): Promise<WriteResult> {
  const lines: SageRow[] = commitment.lines.map((line) => ({
    Item: line.item,
    Cost_Code: line.code,
    Category: line.costType,
    Description: line.description ?? '',
    Amount: toSageMoney(line.amount),
  }));
  const answer = await link.write(
    'create',
    `commitment:${commitment.number}`,
    tables.commitment,
    {
      Commitment: commitment.number,
      Vendor: commitment.vendorCode,
      Job: commitment.jobNumber,
      Extra: '',
      Commitment_Type: 'Subcontract',
      Description: commitment.title,
      Status: 'Open',
      Retainage_Percent: commitment.retentionPercent ?? 0,
    },
    commitmentPaths,
    lines,
  );
  acceptExisting(
    answer,
    lines,
    'Item',
    () => new RejectedErpError(`Commitment ${commitment.number} already exists in Sage 300 CRE`, 'number'),
    () =>
      new RejectedErpError(
        `Commitment ${commitment.number} is already in Sage 300 CRE with other lines, and Sage does not change a commitment once created: send a commitment change order for the difference`,
        'lines',
      ),
  );
  return withWarnings(storedIds('commitment', answer.stored, 'Item'), answer);
}

export async function createChangeOrder(link: SageLink, changeOrder: ChangeOrderWrite): Promise<WriteResult> {
  const lines: SageRow[] = changeOrder.lines.map((line, index) => ({
    Item: String(index + 1),
    Commitment_Item: line.commitmentItem ?? '',
    Cost_Code: line.code,
    Category: line.costType,
    Description: line.description ?? '',
    Amount: toSageMoney(line.amount),
  }));
  const answer = await link.write(
    'create',
    `change-order:${changeOrder.commitmentNumber}:${changeOrder.erpNumber}`,
    tables.changeOrder,
    {
      Commitment: changeOrder.commitmentNumber,
      Commitment_CO: changeOrder.erpNumber,
      Description: changeOrder.title,
      Date: usDate(changeOrder.date),
      Status: 'Approved',
    },
    changeOrderPaths,
    lines,
  );
  const refusedChange = () =>
    new RejectedErpError(
      `Change order ${changeOrder.erpNumber} of commitment ${changeOrder.commitmentNumber} already exists in Sage 300 CRE. A saved commitment change order cannot be changed or deleted: to correct it, send a new change order that reverses it (negative amounts), then one with the right amounts`,
      'lines',
    );
  acceptExisting(answer, lines, 'Commitment_Item', refusedChange, refusedChange);
  return withWarnings(storedIds('changeOrder', answer.stored, 'Item'), answer);
}

/** `MM/DD/YYYY` of an ISO date, today's when none is given. */
function usDate(iso: string | undefined): string {
  const [year, month, day] = (iso ?? new Date().toISOString()).slice(0, 10).split('-');
  return `${month}/${day}/${year}`;
}

function storedIds(name: string, stored: StoredRow, item: string): Record<string, string> {
  const id =
    name === 'commitment' ? String(stored.Commitment) : `${stored.Commitment} ${stored.Commitment_CO}`;
  return {
    [name]: id,
    ...Object.fromEntries(
      (stored.lines ?? []).map((line) => [`${line.Cost_Code} ${line.Category}`, `${id} ${line[item]}`]),
    ),
  };
}
