import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export function listCostTypes(db: Kysely<DB>, companyId: string) {
  return db
    .selectFrom('cost_types')
    .select(['code', 'description', 'kind'])
    .where('company_id', '=', companyId)
    .orderBy('code')
    .execute();
}
