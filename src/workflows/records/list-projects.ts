import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { type Project, toProject } from '../shared/projects.ts';

/** Oldest first, paged by id (ids are time-ordered). */
export async function listProjects(
  db: Kysely<DB>,
  props: { companyId: string; limit: number; cursor?: string },
): Promise<{ items: Project[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('projects')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await Promise.all(page.map((row) => toProject(db, row))),
    nextCursor,
  };
}
