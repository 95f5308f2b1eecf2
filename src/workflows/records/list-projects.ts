import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { type Project, toProject } from '../shared/projects.ts';

/** Oldest first, paged by id (ids are time-ordered). */
export async function listProjects(
  db: Kysely<DB>,
  props: PageProps & { companyId: string },
): Promise<Page<Project>> {
  const query = db.selectFrom('projects').selectAll().where('company_id', '=', props.companyId);
  return keysetPage(query, 'id', props, (rows) => Promise.all(rows.map((row) => toProject(db, row))));
}
