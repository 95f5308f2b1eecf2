import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export function listStandardCostCodes(db: Kysely<DB>, companyId: string) {
  return db
    .selectFrom('standard_cost_codes')
    .select(['code', 'description'])
    .where('company_id', '=', companyId)
    .orderBy('code')
    .execute();
}
