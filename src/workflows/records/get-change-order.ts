import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { loadCommitmentRow } from '../shared/commitments/rows.ts';
import type { ChangeOrder } from '../shared/commitments/types.ts';
import { loadChangeOrder } from './commitments/views.ts';

/** The change order, through its commitment in the project (404 for any mismatch). */
export async function getChangeOrder(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; commitmentId: string; changeOrderId: string },
): Promise<ChangeOrder> {
  const commitment = await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId);
  return loadChangeOrder(db, props.companyId, commitment.id, props.changeOrderId);
}
