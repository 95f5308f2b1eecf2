import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { validationFailed } from '../../../domain/errors.ts';
import type { Minor } from '../../../domain/money.ts';
import type { CommitmentLine, ItemLine } from './types.ts';

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
export async function lineTotals(
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
  if (problems.length) throw validationFailed(problems);
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
