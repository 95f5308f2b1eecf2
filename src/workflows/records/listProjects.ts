import type { Kysely } from 'kysely';
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
  const page = rows.slice(0, props.limit);
  return {
    items: await Promise.all(page.map((row) => toProject(db, row))),
    nextCursor: rows.length > props.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
