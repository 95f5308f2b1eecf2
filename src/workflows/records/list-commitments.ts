import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { loadProjectRow } from '../shared/projects.ts';
import { type CommitmentSummary, toCommitmentSummaries } from './commitments.ts';

/** The project's commitments without their lines (with line count and total), oldest first, paged by id. */
export async function listCommitments(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; limit: number; cursor?: string },
): Promise<{ items: CommitmentSummary[]; nextCursor: string | null }> {
  await loadProjectRow(db, props.companyId, props.projectId);
  let query = db
    .selectFrom('commitments')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('project_id', '=', props.projectId)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await toCommitmentSummaries(db, page),
    nextCursor,
  };
}
