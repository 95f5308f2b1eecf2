import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';
import { type SyncRunView, syncRunView } from './sync-runs.ts';

/** The company's sync history, newest first, paged by id (ids are time-ordered). */
export async function listSyncRuns(
  db: Kysely<DB>,
  props: PageProps & { companyId: string },
): Promise<Page<SyncRunView>> {
  const query = db.selectFrom('sync_runs').selectAll().where('company_id', '=', props.companyId);
  return keysetPage(query, 'id', props, (rows) => rows.map(syncRunView), 'desc');
}
