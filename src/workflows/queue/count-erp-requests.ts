import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ErpRequestKind, ErpRequestStatus } from '../../domain/lifecycle.ts';

export interface ErpRequestCount {
  kind: ErpRequestKind;
  status: ErpRequestStatus;
  count: number;
}

/**
 * How many of the company's requests are in each kind and status (pairs with none are left out): the
 * queue's tab and filter counts in one grouped query, read from an index alone (migration 0009).
 */
export async function countErpRequests(
  db: Kysely<DB>,
  companyId: string,
): Promise<{ items: ErpRequestCount[] }> {
  const items = await db
    .selectFrom('erp_requests')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('company_id', '=', companyId)
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .orderBy('status')
    .execute();
  return { items };
}
