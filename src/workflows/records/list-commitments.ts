import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CommitmentSummary } from '../shared/commitments/types.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { loadProjectRow } from '../shared/projects.ts';
import { toCommitmentSummaries } from './commitments/views.ts';

/** The project's commitments without their lines (with line count and total), oldest first, paged by id. */
export async function listCommitments(
  db: Kysely<DB>,
  props: PageProps & { companyId: string; projectId: string },
): Promise<Page<CommitmentSummary>> {
  await loadProjectRow(db, props.companyId, props.projectId);
  const query = db
    .selectFrom('commitments')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('project_id', '=', props.projectId);
  return keysetPage(query, 'id', props, (rows) => toCommitmentSummaries(db, rows));
}
