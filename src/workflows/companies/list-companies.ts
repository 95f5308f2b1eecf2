import type { Kysely } from 'kysely';
import type { DB, MembershipsTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ErpSystem } from '../../domain/company.ts';
import { type MembershipGrants, membershipGrants } from '../shared/actors.ts';
import { keysetPage, type Page, type PageProps } from '../shared/keyset-page.ts';

/** A company as lists show it; the caller's grants are there when the caller is a member. */
export type CompanyEntry = {
  id: string;
  name: string;
  timeZone: string;
  erpSystem: ErpSystem;
} & Partial<MembershipGrants>;

export interface ListCompaniesProps extends PageProps {
  actor: Actor;
}

type GrantColumns = Pick<
  MembershipsTable,
  'erp_permission' | 'project_permission' | 'can_push_to_accounting' | 'subscribe_daily_summary'
>;

/**
 * The companies the caller may open, oldest first, paged by id: every company for an operator (who is
 * usually a member of none), the caller's memberships for anyone else.
 */
export async function listCompanies(db: Kysely<DB>, props: ListCompaniesProps): Promise<Page<CompanyEntry>> {
  const { actor } = props;
  let query = db
    .selectFrom('companies')
    .leftJoin('memberships', (join) =>
      join.onRef('memberships.company_id', '=', 'companies.id').on('memberships.user_id', '=', actor.userId),
    )
    .select([
      'companies.id',
      'companies.name',
      'companies.time_zone',
      'companies.erp_system',
      'memberships.erp_permission',
      'memberships.project_permission',
      'memberships.can_push_to_accounting',
      'memberships.subscribe_daily_summary',
    ]);
  if (!actor.isOperator) query = query.where('memberships.user_id', 'is not', null);
  // `id` is the company's: memberships have no column of that name.
  return keysetPage(query, 'id', props, (rows) =>
    rows.map((row) => ({
      id: row.id,
      name: row.name,
      timeZone: row.time_zone,
      erpSystem: row.erp_system,
      // Joined, a membership has every column; without one, all are null.
      ...(row.erp_permission !== null && membershipGrants(row as GrantColumns)),
    })),
  );
}
