import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../../db/json.ts';
import type { ChangeOrdersTable, CommitmentsTable, DB } from '../../../db/schema.ts';
import { type Minor, sumMoney } from '../../../domain/money.ts';
import { lineTotals, loadLines } from '../../shared/commitments/lines.ts';
import { retentionPercentOf } from '../../shared/commitments/retention.ts';
import { loadChangeOrderRow, loadCommitmentRow } from '../../shared/commitments/rows.ts';
import type {
  ChangeOrder,
  ChangeOrderHead,
  ChangeOrderSummary,
  Commitment,
  CommitmentHead,
  CommitmentSummary,
} from '../../shared/commitments/types.ts';
import { stampsOf } from '../../shared/record-stamps.ts';
import { erpStatusOf, type RecordRequests, recordRequestsFor } from '../../shared/requests.ts';

function erpOf(
  row: { erp_ids: string | null; synced_snapshot: string | null },
  { open, lastOutcome }: RecordRequests,
) {
  const ids = fromJson<Record<string, string>>(row.erp_ids);
  return {
    status: erpStatusOf(open, row.synced_snapshot !== null),
    ...(open && { requestId: open.id }),
    ...(ids && { ids }),
    ...(lastOutcome && { lastOutcome }),
  };
}

function commitmentHead(
  row: Selectable<CommitmentsTable>,
  total: Minor,
  requests: RecordRequests,
): CommitmentHead {
  return {
    id: row.id,
    version: row.version,
    projectId: row.project_id,
    type: row.type,
    number: row.number,
    title: row.title,
    vendorId: row.vendor_id,
    status: row.status,
    retentionPercent: retentionPercentOf(row.retention_basis_points),
    total,
    ...stampsOf(row),
    erp: erpOf(row, requests),
  };
}

function changeOrderHead(
  row: Selectable<ChangeOrdersTable>,
  total: Minor,
  requests: RecordRequests,
): ChangeOrderHead {
  return {
    id: row.id,
    version: row.version,
    commitmentId: row.commitment_id,
    projectId: row.project_id,
    number: row.number,
    title: row.title,
    description: row.description,
    status: row.status,
    total,
    ...stampsOf(row),
    erp: erpOf(row, requests),
  };
}

export async function toCommitment(db: Kysely<DB>, row: Selectable<CommitmentsTable>): Promise<Commitment> {
  const lines = await loadLines(db, 'commitment_lines', row.id);
  const requests = (await recordRequestsFor(db, 'commitment', [row.id]))(row.id);
  const head = commitmentHead(row, sumMoney(lines.map((l) => l.amount)), requests);
  return { ...head, lines };
}

export async function toCommitmentSummaries(
  db: Kysely<DB>,
  rows: Selectable<CommitmentsTable>[],
): Promise<CommitmentSummary[]> {
  const ids = rows.map((r) => r.id);
  const totals = await lineTotals(db, 'commitment_lines', ids);
  const requestsOf = await recordRequestsFor(db, 'commitment', ids);
  return rows.map((row) => {
    const { lineCount, total } = totals.get(row.id) ?? { lineCount: 0, total: 0 };
    return { ...commitmentHead(row, total, requestsOf(row.id)), lineCount };
  });
}

export async function toChangeOrder(
  db: Kysely<DB>,
  row: Selectable<ChangeOrdersTable>,
): Promise<ChangeOrder> {
  const lines = await loadLines(db, 'change_order_lines', row.id);
  const requests = (await recordRequestsFor(db, 'change_order', [row.id]))(row.id);
  const head = changeOrderHead(row, sumMoney(lines.map((l) => l.amount)), requests);
  return { ...head, lines };
}

export async function toChangeOrderSummaries(
  db: Kysely<DB>,
  rows: Selectable<ChangeOrdersTable>[],
): Promise<ChangeOrderSummary[]> {
  const ids = rows.map((r) => r.id);
  const totals = await lineTotals(db, 'change_order_lines', ids);
  const requestsOf = await recordRequestsFor(db, 'change_order', ids);
  return rows.map((row) => {
    const { lineCount, total } = totals.get(row.id) ?? { lineCount: 0, total: 0 };
    return { ...changeOrderHead(row, total, requestsOf(row.id)), lineCount };
  });
}

/** The commitment with its lines; amounts and total in minor units. */
export async function loadCommitment(
  db: Kysely<DB>,
  companyId: string,
  commitmentId: string,
): Promise<Commitment> {
  return toCommitment(db, await loadCommitmentRow(db, companyId, commitmentId));
}

/** The change order with its lines; amounts and total in minor units. */
export async function loadChangeOrder(
  db: Kysely<DB>,
  companyId: string,
  commitmentId: string,
  changeOrderId: string,
): Promise<ChangeOrder> {
  return toChangeOrder(db, await loadChangeOrderRow(db, companyId, commitmentId, changeOrderId));
}
