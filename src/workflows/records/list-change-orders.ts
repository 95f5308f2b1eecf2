import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { loadCommitmentRow } from '../shared/commitments/rows.ts';
import type { ChangeOrderSummary } from '../shared/commitments/types.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { toChangeOrderSummaries } from './commitments/views.ts';

/** The commitment's change orders without their lines (with line count and total), oldest first. */
export async function listChangeOrders(
  db: Kysely<DB>,
  props: PageProps & { companyId: string; projectId: string; commitmentId: string },
): Promise<Page<ChangeOrderSummary>> {
  const commitment = await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId);
  const query = db
    .selectFrom('change_orders')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('commitment_id', '=', commitment.id);
  return keysetPage(query, 'id', props, (rows) => toChangeOrderSummaries(db, rows));
}
