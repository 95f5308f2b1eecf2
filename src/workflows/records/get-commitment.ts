import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { loadCommitmentRow } from '../shared/commitments/rows.ts';
import type { Commitment } from '../shared/commitments/types.ts';
import { toCommitment } from './commitments/views.ts';

/** The commitment with its lines, addressed through its project (404 when it is another project's). */
export async function getCommitment(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; commitmentId: string },
): Promise<Commitment> {
  return toCommitment(db, await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId));
}
