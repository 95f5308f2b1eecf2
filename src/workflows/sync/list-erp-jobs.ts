import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { type ErpJobView, standardJobOf, toErpJobView } from './erp-mirror.ts';

/**
 * The mirror's jobs by job number. `linked: false` is "Jobs only in ERP": no project, not archived,
 * neither the standard cost code job nor a template alone. Spectrum offers every open job as a
 * template, so a job counts as a template alone only when it is not under way (not `active`) — an
 * active job is work to import whatever else it may serve as. `linked: true` lists the linked ones.
 */
export async function listErpJobs(
  db: Kysely<DB>,
  props: PageProps & { companyId: string; linked?: boolean },
): Promise<Page<ErpJobView>> {
  let query = db.selectFrom('erp_jobs').selectAll().where('company_id', '=', props.companyId);
  if (props.linked === true) query = query.where('linked_project_id', 'is not', null);
  if (props.linked === false) {
    query = query
      .where('linked_project_id', 'is', null)
      .where('archived', '=', 0)
      .where((eb) => eb.or([eb('is_template', '=', 0), eb('status', '=', 'active')]));
    const standardJob = await standardJobOf(db, props.companyId);
    if (standardJob !== undefined) query = query.where('job_number', '!=', standardJob);
  }
  return keysetPage(query, 'job_number', props, (rows) => rows.map(toErpJobView));
}
