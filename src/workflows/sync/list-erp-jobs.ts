import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { type ErpJobView, standardJobOf, toErpJobView } from './erp-mirror.ts';

/**
 * The mirror's jobs by job number. `linked: false` is "Jobs only in ERP": no project, not archived,
 * neither the standard cost code job nor a template alone. Spectrum offers every open job as a
 * template, so a job counts as a template alone only when it is not under way (not `active`) — an
 * active job is work to import whatever else it may serve as. `linked: true` lists the linked ones.
 */
export async function listErpJobs(
  db: Kysely<DB>,
  props: { companyId: string; linked?: boolean; limit: number; cursor?: string },
): Promise<{ items: ErpJobView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('erp_jobs')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .orderBy('job_number')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('job_number', '>', props.cursor);
  if (props.linked === true) query = query.where('linked_project_id', 'is not', null);
  if (props.linked === false) {
    query = query
      .where('linked_project_id', 'is', null)
      .where('archived', '=', 0)
      .where((eb) => eb.or([eb('is_template', '=', 0), eb('status', '=', 'active')]));
    const standardJob = await standardJobOf(db, props.companyId);
    if (standardJob !== undefined) query = query.where('job_number', '!=', standardJob);
  }
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.job_number);
  return {
    items: page.map(toErpJobView),
    nextCursor,
  };
}
