import type { Kysely } from 'kysely';
import type { DB, MembershipsTable } from '../../db/schema.ts';
import type { Actor, Membership } from '../../domain/actor.ts';

/** What a membership grants, without the company it is in. */
export type MembershipGrants = Omit<Membership, 'companyId'>;

/** The grants a `memberships` row holds, its flags as booleans. */
export const membershipGrants = (
  row: Pick<
    MembershipsTable,
    'erp_permission' | 'project_permission' | 'can_push_to_accounting' | 'subscribe_daily_summary'
  >,
): MembershipGrants => ({
  erpPermission: row.erp_permission,
  projectPermission: row.project_permission,
  canPushToAccounting: row.can_push_to_accounting === 1,
  subscribeDailySummary: row.subscribe_daily_summary === 1,
});

/** The actor for a user id, with every membership; undefined when the user no longer exists. */
export async function loadActor(db: Kysely<DB>, userId: string): Promise<Actor | undefined> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', userId).execute();
  const memberships = new Map<string, Membership>(
    rows.map((m) => [m.company_id, { companyId: m.company_id, ...membershipGrants(m) }]),
  );
  return { userId: user.id, email: user.email, isOperator: user.is_operator === 1, memberships };
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
