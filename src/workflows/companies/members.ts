import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { type MembershipGrants, membershipGrants } from '../shared/actors.ts';

export interface Member extends MembershipGrants {
  id: string;
  email: string;
  name: string;
  version: number;
}

function membersQuery(db: Kysely<DB>, companyId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'memberships.erp_permission',
      'memberships.project_permission',
      'memberships.can_push_to_accounting',
      'memberships.subscribe_daily_summary',
      'memberships.version',
    ])
    .where('memberships.company_id', '=', companyId);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof membersQuery>['executeTakeFirstOrThrow']>>;

const toMember = (row: MemberRow): Member => ({
  id: row.id,
  email: row.email,
  name: row.name,
  ...membershipGrants(row),
  version: row.version,
});

/** A member of the company; a user of another company is "not found" here. */
export async function loadMember(db: Kysely<DB>, companyId: string, userId: string): Promise<Member> {
  const row = await membersQuery(db, companyId).where('users.id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('User');
  return toMember(row);
}

export async function listMembers(db: Kysely<DB>, companyId: string): Promise<Member[]> {
  return (await membersQuery(db, companyId).orderBy('users.email').execute()).map(toMember);
}
