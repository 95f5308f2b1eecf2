import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { type ChangeOrderSummary, loadCommitmentRow, toChangeOrderSummaries } from './commitments.ts';

/** The commitment's change orders without their lines (with line count and total), oldest first. */
export async function listChangeOrders(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; commitmentId: string; limit: number; cursor?: string },
): Promise<{ items: ChangeOrderSummary[]; nextCursor: string | null }> {
  const commitment = await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId);
  let query = db
    .selectFrom('change_orders')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('commitment_id', '=', commitment.id)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await toChangeOrderSummaries(db, page),
    nextCursor,
  };
}
