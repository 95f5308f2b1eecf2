import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { containsIgnoringCase } from '../../db/text-match.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { type Project, toProject } from '../shared/projects.ts';
import { type ErpStatusFilter, erpStatusIn } from '../shared/requests.ts';

export interface ListProjectsProps extends PageProps {
  companyId: string;
  /** Part of the name, the number or the ERP job number, in any case. */
  q?: string;
  active?: boolean;
  /** Any of these ERP statuses (see `erpStatusFilters`). */
  erpStatus?: ErpStatusFilter[];
}

/** Oldest first, paged by id (ids are time-ordered). */
export async function listProjects(db: Kysely<DB>, props: ListProjectsProps): Promise<Page<Project>> {
  let query = db.selectFrom('projects').selectAll().where('company_id', '=', props.companyId);
  const q = props.q?.trim();
  if (q) query = query.where(containsIgnoringCase(['name', 'number', 'erp_job_number'], q));
  if (props.active !== undefined) query = query.where('active', '=', props.active ? 1 : 0);
  if (props.erpStatus) query = query.where(erpStatusIn(db, 'project', 'projects', props.erpStatus));
  return keysetPage(query, 'id', props, (rows) => Promise.all(rows.map((row) => toProject(db, row))));
}
