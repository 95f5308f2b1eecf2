import type { Kysely } from 'kysely';
import { pageOf } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';

/** The jobs the ERP offers as job templates (the *Accept* dialog's choices), by job number. */
export async function listJobTemplates(
  db: Kysely<DB>,
  props: { companyId: string; limit: number; cursor?: string },
): Promise<{ items: { jobNumber: string; description: string }[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('erp_jobs')
    .select(['job_number', 'description'])
    .where('company_id', '=', props.companyId)
    .where('is_template', '=', 1)
    .orderBy('job_number')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('job_number', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.job_number);
  return {
    items: page.map((r) => ({ jobNumber: r.job_number, description: r.description })),
    nextCursor,
  };
}
