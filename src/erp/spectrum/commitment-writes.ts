/**
 * Commitments and their change orders (ERP.md §2):
 *
 *   commitment   → UpdateSubcontract, then UpdateSubcontractPhases per line, keyed by phase, cost type
 *                  and the line's own item as its bid item (never its position: a line removed or
 *                  moved on our side never shifts another line's key in Spectrum)
 *   change order → ARChangeRequest, one call per line with the header repeated, under the change
 *                  request number our side allocated on the job; a line is keyed by phase, cost type,
 *                  subcontract and the subcontract line's bid item it changes
 *
 * Spectrum deletes nothing: a line an earlier export wrote and the record no longer has (its removed
 * lines) is written again with amount 0.
 */
import {
  type ChangeOrderLineWrite,
  type ChangeOrderWrite,
  type CommitmentLineWrite,
  type CommitmentWrite,
  RejectedErpError,
  type WriteResult,
} from '../connector.ts';
import { forEachLimited } from './parallel.ts';
import { refused, sdxDate, written } from './refusals.ts';
import type { LengthCheck } from './rules.ts';
import type { SdxClient } from './sdx-client.ts';
import type { SpectrumReads } from './spectrum-reads.ts';
import { formatAmount, toPhaseCode } from './values.ts';

/** A line's key within its record, as Spectrum matches it: phase, cost type, bid item. */
const commitmentLineKey = (line: { code: string; costType: string; item: string }) =>
  `${toPhaseCode(line.code)} ${line.costType} ${line.item}`;
const changeOrderLineKey = (line: { code: string; costType: string; commitmentItem?: string }) =>
  `${toPhaseCode(line.code)} ${line.costType} ${line.commitmentItem ?? ''}`;

export interface CommitmentWriteContext {
  client: SdxClient;
  reads: SpectrumReads;
  parallelCalls: number;
  /** The direct job-cost G/L account new subcontracts are charged to. */
  glAccount: string;
  fits: LengthCheck;
}

export async function upsertCommitment(
  ctx: CommitmentWriteContext,
  commitment: CommitmentWrite,
): Promise<WriteResult> {
  const about = `subcontract ${commitment.number} of vendor ${commitment.vendorCode}`;
  ctx.fits('commitment', commitment, about);
  const removed = await zeroLines(ctx, commitment.jobNumber, commitment, commitmentLineKey);
  const sdx = ctx.client.batch();
  await sdx
    .put('UpdateSubcontract', {
      Vendor_Code: commitment.vendorCode,
      Subcontract_Number: commitment.number,
      Job_Number: commitment.jobNumber,
      // A void commitment is closed: Spectrum's statuses are A, I and C, and it deletes nothing.
      Status_Code: commitment.status === 'void' ? 'C' : 'A',
      Date_Issued: sdxDate(commitment.dateIssued, 'dateIssued'),
      Comment: commitment.title,
      GL_Account: ctx.glAccount,
      Retention_Percent: commitment.retentionPercent === undefined ? '' : String(commitment.retentionPercent),
    })
    .catch(refused('subcontract', about));
  // The header exists now; its lines are independent of each other.
  const lines: CommitmentLineWrite[] = [...commitment.lines, ...removed];
  await forEachLimited(lines, ctx.parallelCalls, async (line) => {
    await sdx
      .put('UpdateSubcontractPhases', {
        Vendor_Code: commitment.vendorCode,
        Subcontract_Number: commitment.number,
        Phase_Code: toPhaseCode(line.code),
        Cost_Type: line.costType,
        Bid_Item_Number: line.item,
        Bill_Description: line.description,
        Original_Contract_Amount: formatAmount(line.amount),
      })
      .catch(refused('subcontractLines', `${about}, line ${line.item}`));
  });
  return written(sdx, { vendor: commitment.vendorCode, subcontract: commitment.number });
}

/** `A` Approved / `D` Declined change-request statuses, `E` executed / `R` rejected subcontract ones. */
const statuses = {
  approved: { request: 'A', subcontract: 'E' },
  void: { request: 'D', subcontract: 'R' },
} as const;

export async function upsertChangeOrder(
  ctx: CommitmentWriteContext,
  changeOrder: ChangeOrderWrite,
): Promise<WriteResult> {
  if (changeOrder.lines.length === 0)
    throw new RejectedErpError('A Spectrum change request needs at least one cost line', 'lines');
  const about = `change order ${changeOrder.number} (Spectrum change request ${changeOrder.erpNumber})`;
  ctx.fits('change_order', changeOrder, about);
  const job = await ctx.reads.jobRows(changeOrder.jobNumber);
  if (!job)
    throw new RejectedErpError(`Job ${changeOrder.jobNumber} does not exist in Spectrum`, 'jobNumber');
  const customerCode = job.job.Customer_Code;
  if (!customerCode) {
    throw new RejectedErpError(
      `Job ${changeOrder.jobNumber} has no customer in Spectrum; a change request needs one`,
      'jobNumber',
    );
  }
  const removed = await zeroLines(ctx, changeOrder.jobNumber, changeOrder, changeOrderLineKey);
  const status = statuses[changeOrder.status];
  // Every record repeats the key and the header (spectrum-sdx §17 assumption 6).
  const header = {
    Job_Number: changeOrder.jobNumber,
    Customer_Code: customerCode,
    Change_Request_Number: changeOrder.erpNumber,
    // Required for a new change request: our title stands in when there is no longer description.
    CR_Description: changeOrder.description || changeOrder.title,
    CR_Status: status.request,
    Origination_Date: sdxDate(changeOrder.date, 'date'),
    Subcontractor_Code: changeOrder.vendorCode,
    Subcontract_Number: changeOrder.commitmentNumber,
    Sub_Status: status.subcontract,
    // Required once executed; unique on the job like the change request's own number.
    Sub_Change_Order_Number: changeOrder.erpNumber,
    Sub_Description: changeOrder.title,
  };
  const sdx = ctx.client.batch();
  const send = async ({ code, phase, costType, item, amount }: CostLine) => {
    const value = formatAmount(amount);
    await sdx
      .put('ARChangeRequest', {
        ...header,
        CR_Phase_Code: phase,
        CR_Cost_Type: costType,
        Change_Request_Amount: value,
        Sub_Amount: value,
        Sub_Bid_Item_Code: item,
      })
      .catch(refused('changeRequest', `${about}, cost code ${code} ${costType}`));
  };
  // The first line creates the change request; the others only add to it.
  const [first, ...others] = costLines([...changeOrder.lines, ...removed]);
  await send(first!);
  await forEachLimited(others, ctx.parallelCalls, send);
  return written(sdx, {
    changeRequest: `${changeOrder.jobNumber} ${customerCode} ${changeOrder.erpNumber}`,
    subcontract: changeOrder.commitmentNumber,
  });
}

interface CostLine {
  code: string;
  phase: string;
  costType: string;
  item: string;
  amount: number;
}

/** Lines summed per cost line key (phase, cost type, subcontract line): Spectrum updates the first match. */
function costLines(lines: ChangeOrderLineWrite[]): CostLine[] {
  const totals = new Map<string, CostLine>();
  for (const line of lines) {
    const { code, costType, amount, commitmentItem } = line;
    const key = changeOrderLineKey(line);
    const total = totals.get(key) ?? {
      code,
      phase: toPhaseCode(code),
      costType,
      item: commitmentItem ?? '',
      amount: 0,
    };
    total.amount += amount;
    totals.set(key, total);
  }
  return [...totals.values()];
}

/**
 * The record's removed lines as lines of amount 0. None under a phase × cost type the job lacks:
 * Spectrum refuses a line there and deletes no phase, so none can be there (the key of a line it
 * refused would otherwise fail every later export). None that a current line keeps in Spectrum's terms
 * either (the same code with and without its dashes), as its zero would race the line's amount.
 */
async function zeroLines<Key extends { code: string; costType: string }>(
  ctx: CommitmentWriteContext,
  jobNumber: string,
  record: { lines: Key[]; removedLines?: Key[] },
  keyOf: (line: Key) => string,
): Promise<(Key & { amount: number })[]> {
  if (!record.removedLines?.length) return [];
  const kept = new Set(record.lines.map(keyOf));
  const phases = new Set(
    (await ctx.reads.phases(jobNumber)).map((row) => `${row.Phase_Code} ${row.Cost_Type}`),
  );
  return record.removedLines
    .filter((line) => !kept.has(keyOf(line)) && phases.has(`${toPhaseCode(line.code)} ${line.costType}`))
    .map((line) => ({ ...line, amount: 0 }));
}
