import { type Kysely, type Selectable, sql } from 'kysely';
import type { Capabilities } from '../../db/capabilities.ts';
import { fromJson } from '../../db/json.ts';
import type { ChangeOrdersTable, CommitmentsTable, DB } from '../../db/schema.ts';
import { AppError, invalidField, notFound } from '../../domain/errors.ts';
import { type Minor, sumMoney } from '../../domain/money.ts';
import { erpStatusOf, type OpenRequest, openRequestsFor } from '../shared/requests.ts';

export type CommitmentType = CommitmentsTable['type'];
export type RecordStatus = CommitmentsTable['status'];

/** A schedule-of-values line of a commitment or a change order; the amount is in minor units. */
export interface CommitmentLine {
  costCode: string;
  costType: string;
  amount: Minor;
  description: string | null;
  /** Commitment lines only: the line's number for its life, never reused (the ERP keys lines by it). */
  item?: number;
}

/** What the ERP side of a commitment or change order shows: `ids` once the ERP stored it. */
export interface RecordErp {
  status: string;
  requestId?: string;
  ids?: Record<string, string>;
}

interface CommitmentHead {
  id: string;
  version: number;
  projectId: string;
  type: CommitmentType;
  number: string;
  title: string;
  vendorId: string;
  status: RecordStatus;
  /** Percent with at most two decimals (stored as basis points). */
  retentionPercent: number | null;
  /** Minor units. */
  total: Minor;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  erp: RecordErp;
}

export interface Commitment extends CommitmentHead {
  lines: ItemLine[];
}

/** A commitment's line: it always has its item. */
export type ItemLine = CommitmentLine & { item: number };

/** A list entry: the commitment without its lines (a commitment may have thousands). */
export interface CommitmentSummary extends CommitmentHead {
  lineCount: number;
}

interface ChangeOrderHead {
  id: string;
  version: number;
  commitmentId: string;
  projectId: string;
  number: string;
  title: string;
  description: string | null;
  status: RecordStatus;
  /** Minor units. */
  total: Minor;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  erp: RecordErp;
}

export interface ChangeOrder extends ChangeOrderHead {
  lines: CommitmentLine[];
}

export interface ChangeOrderSummary extends ChangeOrderHead {
  lineCount: number;
}

// ---------------------------------------------------------------------------------------------------
// Retention: a percent with at most two decimals in the API, whole basis points in the database

/** 10.5 → 1050. Refuses (400 naming `retentionPercent`) anything outside 0–100 or with more decimals. */
export function retentionBasisPoints(percent: number | null | undefined): number | null | undefined {
  if (percent === undefined || percent === null) return percent;
  // The shortest decimal that reads back as this number: exact for what a client typed.
  const ok = Number.isFinite(percent) && /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/.test(String(percent));
  if (!ok || percent > 100) {
    throw invalidField('retentionPercent', 'must be a percent from 0 to 100 with at most two decimals');
  }
  return Math.round(percent * 100);
}

/** 1050 → 10.5 */
export const retentionPercentOf = (basisPoints: number | null): number | null =>
  basisPoints === null ? null : basisPoints / 100;

// ---------------------------------------------------------------------------------------------------
// Rows

export async function loadCommitmentRow(
  db: Kysely<DB>,
  companyId: string,
  commitmentId: string,
  projectId?: string,
): Promise<Selectable<CommitmentsTable>> {
  let query = db
    .selectFrom('commitments')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', commitmentId);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Commitment');
  return row;
}

export async function loadChangeOrderRow(
  db: Kysely<DB>,
  companyId: string,
  commitmentId: string,
  changeOrderId: string,
): Promise<Selectable<ChangeOrdersTable>> {
  const row = await db
    .selectFrom('change_orders')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('commitment_id', '=', commitmentId)
    .where('id', '=', changeOrderId)
    .executeTakeFirst();
  if (!row) throw notFound('Change order');
  return row;
}

// ---------------------------------------------------------------------------------------------------
// Lines

type LineTable = 'commitment_lines' | 'change_order_lines';

export async function loadLines(
  db: Kysely<DB>,
  table: 'commitment_lines',
  ownerId: string,
): Promise<ItemLine[]>;
export async function loadLines(db: Kysely<DB>, table: LineTable, ownerId: string): Promise<CommitmentLine[]>;
export async function loadLines(
  db: Kysely<DB>,
  table: LineTable,
  ownerId: string,
): Promise<CommitmentLine[]> {
  const line = (r: { cost_code: string; cost_type: string; amount: number; description: string | null }) => ({
    costCode: r.cost_code,
    costType: r.cost_type,
    amount: r.amount,
    description: r.description,
  });
  if (table === 'commitment_lines') {
    const rows = await db
      .selectFrom('commitment_lines')
      .select(['cost_code', 'cost_type', 'amount', 'description', 'item'])
      .where('commitment_id', '=', ownerId)
      .orderBy('line_no')
      .execute();
    return rows.map((r) => ({ ...line(r), item: r.item }));
  }
  const rows = await db
    .selectFrom('change_order_lines')
    .select(['cost_code', 'cost_type', 'amount', 'description'])
    .where('change_order_id', '=', ownerId)
    .orderBy('line_no')
    .execute();
  return rows.map(line);
}

/** Line count and exact integer total per owner, in one query (lists show totals, not lines). */
async function lineTotals(
  db: Kysely<DB>,
  table: LineTable,
  ownerIds: string[],
): Promise<Map<string, { lineCount: number; total: Minor }>> {
  if (ownerIds.length === 0) return new Map();
  // A sum of bigint is exact on both databases (PostgreSQL's numeric is cast back to a safe int8).
  const total = sql<number>`cast(coalesce(sum(amount), 0) as bigint)`.as('total');
  const rows =
    table === 'commitment_lines'
      ? await db
          .selectFrom('commitment_lines')
          .select((eb) => [
            eb.ref('commitment_id').as('owner'),
            eb.fn.countAll<number>().as('line_count'),
            total,
          ])
          .where('commitment_id', 'in', ownerIds)
          .groupBy('commitment_id')
          .execute()
      : await db
          .selectFrom('change_order_lines')
          .select((eb) => [
            eb.ref('change_order_id').as('owner'),
            eb.fn.countAll<number>().as('line_count'),
            total,
          ])
          .where('change_order_id', 'in', ownerIds)
          .groupBy('change_order_id')
          .execute();
  return new Map(
    rows.map((r) => {
      const total = Number(r.total);
      if (!Number.isSafeInteger(total)) throw new RangeError('the total is too large to represent exactly');
      return [r.owner, { lineCount: Number(r.line_count), total }];
    }),
  );
}

const insertBatch = 1000;

/**
 * The items of a commitment's new lines: a line given with an item of the commitment keeps it, any
 * other line takes the next item never used (so no line ever takes a removed line's key in the ERP).
 */
async function commitmentItems(
  trx: Kysely<DB>,
  commitmentId: string,
  lines: readonly { item?: number | null }[],
): Promise<number[]> {
  const [owner, existing] = await Promise.all([
    trx
      .selectFrom('commitments')
      .select('next_item')
      .where('id', '=', commitmentId)
      .executeTakeFirstOrThrow(),
    trx.selectFrom('commitment_lines').select('item').where('commitment_id', '=', commitmentId).execute(),
  ]);
  const known = new Set(existing.map((row) => row.item));
  const taken = new Set<number>();
  let next = owner.next_item;
  const problems: { path: string; message: string }[] = [];
  const items = lines.map(({ item }, i) => {
    if (item === undefined || item === null) return next++;
    if (!known.has(item)) problems.push(invalidItem(i, `item ${item} is not a line of this commitment`));
    else if (taken.has(item)) problems.push(invalidItem(i, `item ${item} is given to two lines`));
    taken.add(item);
    return item;
  });
  if (problems.length) throw new AppError('validation_failed', problems[0]!.message, problems);
  if (next !== owner.next_item)
    await trx.updateTable('commitments').set({ next_item: next }).where('id', '=', commitmentId).execute();
  return items;
}

const invalidItem = (i: number, message: string) => ({ path: `lines[${i}].item`, message });

/** Replaces every line of the owner, numbering them in the order given; inside the caller's transaction. */
export async function replaceLines(
  trx: Kysely<DB>,
  table: LineTable,
  ownerId: string,
  lines: readonly {
    costCode: string;
    costType: string;
    amount: Minor;
    description?: string | null;
    item?: number | null;
  }[],
): Promise<void> {
  const columns = (l: (typeof lines)[number], i: number) => ({
    line_no: i + 1,
    cost_code: l.costCode,
    cost_type: l.costType,
    amount: l.amount,
    description: l.description ?? null,
  });
  if (table === 'commitment_lines') {
    const items = await commitmentItems(trx, ownerId, lines);
    await trx.deleteFrom('commitment_lines').where('commitment_id', '=', ownerId).execute();
    for (let i = 0; i < lines.length; i += insertBatch) {
      await trx
        .insertInto('commitment_lines')
        .values(
          lines.slice(i, i + insertBatch).map((l, j) => ({
            commitment_id: ownerId,
            ...columns(l, i + j),
            item: items[i + j]!,
          })),
        )
        .execute();
    }
  } else {
    await trx.deleteFrom('change_order_lines').where('change_order_id', '=', ownerId).execute();
    for (let i = 0; i < lines.length; i += insertBatch) {
      await trx
        .insertInto('change_order_lines')
        .values(
          lines.slice(i, i + insertBatch).map((l, j) => ({ change_order_id: ownerId, ...columns(l, i + j) })),
        )
        .execute();
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Views

function erpOf(row: { erp_ids: string | null; synced_snapshot: string | null }, open?: OpenRequest) {
  const ids = fromJson<Record<string, string>>(row.erp_ids);
  return {
    status: erpStatusOf(open, row.synced_snapshot !== null),
    ...(open && { requestId: open.id }),
    ...(ids && { ids }),
  };
}

function commitmentHead(
  row: Selectable<CommitmentsTable>,
  total: Minor,
  open: OpenRequest | undefined,
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
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    erp: erpOf(row, open),
  };
}

function changeOrderHead(
  row: Selectable<ChangeOrdersTable>,
  total: Minor,
  open: OpenRequest | undefined,
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
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    erp: erpOf(row, open),
  };
}

export async function toCommitment(db: Kysely<DB>, row: Selectable<CommitmentsTable>): Promise<Commitment> {
  const lines = await loadLines(db, 'commitment_lines', row.id);
  const open = (await openRequestsFor(db, 'commitment', [row.id])).get(row.id);
  const head = commitmentHead(row, sumMoney(lines.map((l) => l.amount)), open);
  return { ...head, lines };
}

export async function toCommitmentSummaries(
  db: Kysely<DB>,
  rows: Selectable<CommitmentsTable>[],
): Promise<CommitmentSummary[]> {
  const ids = rows.map((r) => r.id);
  const totals = await lineTotals(db, 'commitment_lines', ids);
  const open = await openRequestsFor(db, 'commitment', ids);
  return rows.map((row) => {
    const { lineCount, total } = totals.get(row.id) ?? { lineCount: 0, total: 0 };
    return { ...commitmentHead(row, total, open.get(row.id)), lineCount };
  });
}

export async function toChangeOrder(
  db: Kysely<DB>,
  row: Selectable<ChangeOrdersTable>,
): Promise<ChangeOrder> {
  const lines = await loadLines(db, 'change_order_lines', row.id);
  const open = (await openRequestsFor(db, 'change_order', [row.id])).get(row.id);
  const head = changeOrderHead(row, sumMoney(lines.map((l) => l.amount)), open);
  return { ...head, lines };
}

export async function toChangeOrderSummaries(
  db: Kysely<DB>,
  rows: Selectable<ChangeOrdersTable>[],
): Promise<ChangeOrderSummary[]> {
  const ids = rows.map((r) => r.id);
  const totals = await lineTotals(db, 'change_order_lines', ids);
  const open = await openRequestsFor(db, 'change_order', ids);
  return rows.map((row) => {
    const { lineCount, total } = totals.get(row.id) ?? { lineCount: 0, total: 0 };
    return { ...changeOrderHead(row, total, open.get(row.id)), lineCount };
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

// ---------------------------------------------------------------------------------------------------
// Shared rules of commitments and change orders

/** The ERP owns a synced commitment or change order: it stays locked (PRODUCT.md §3). */
export function assertNotSynced(row: { synced_snapshot: string | null }, label: string): void {
  if (row.synced_snapshot !== null) {
    throw new AppError(
      'invalid_state',
      `${label} is synced with the ERP, which owns it now: change it there`,
    );
  }
}

/**
 * Every amount fits, but thousands of large ones may not add up to an exact total: refuse those lines
 * (400) rather than store a record whose total cannot be shown.
 */
export function assertExactTotal(lines: readonly { amount: Minor }[] | undefined): void {
  if (lines === undefined) return;
  try {
    sumMoney(lines.map((l) => l.amount));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw invalidField('lines', 'the total of the lines is too large to represent exactly');
  }
}

export const duplicateNumber = (what: string, number: string, within: string) =>
  new AppError('invalid_state', `${what} ${number} already exists in this ${within}`, [
    {
      path: 'number',
      message: `${number} is already used by another ${what.toLowerCase()} of this ${within}`,
    },
  ]);

/**
 * Two writers racing for one number: the unique index decides, and the loser gets the same 409 as a
 * writer who came second.
 */
export async function refusingDuplicates<T>(
  caps: Capabilities,
  duplicate: AppError | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (duplicate && caps.isUniqueViolation(error)) throw duplicate;
    throw error;
  }
}
