import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';

/** The jobs the ERP offers as job templates (the *Accept* dialog's choices), by job number. */
export async function listJobTemplates(
  db: Kysely<DB>,
  props: PageProps & { companyId: string },
): Promise<Page<{ jobNumber: string; description: string }>> {
  const query = db
    .selectFrom('erp_jobs')
    .select(['job_number', 'description'])
    .where('company_id', '=', props.companyId)
    .where('is_template', '=', 1);
  return keysetPage(query, 'job_number', props, (rows) =>
    rows.map((r) => ({ jobNumber: r.job_number, description: r.description })),
  );
}
