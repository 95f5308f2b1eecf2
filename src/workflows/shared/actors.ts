import type { Kysely } from 'kysely';
import type { DB, Flag, MembershipsTable } from '../../db/schema.ts';
import type { Actor, Membership } from '../../domain/actor.ts';

/** What a membership grants, without the company it is in. */
export type MembershipGrants = Omit<Membership, 'companyId'>;

type GrantColumns = Pick<
  MembershipsTable,
  'erp_permission' | 'project_permission' | 'can_push_to_accounting' | 'subscribe_daily_summary'
>;

/** The grants a `memberships` row holds, its flags as booleans. */
export const membershipGrants = (row: GrantColumns): MembershipGrants => ({
  erpPermission: row.erp_permission,
  projectPermission: row.project_permission,
  canPushToAccounting: row.can_push_to_accounting === 1,
  subscribeDailySummary: row.subscribe_daily_summary === 1,
});

/**
 * The columns an actor is made of, for a query that names `users as u` and left-joins its
 * `memberships as m` (one row per membership): a credential's lookup joins them, so authenticating a
 * request is one statement.
 */
export const actorColumns = [
  'u.id as user_id',
  'u.email',
  'u.is_operator',
  'm.company_id',
  'm.erp_permission',
  'm.project_permission',
  'm.can_push_to_accounting',
  'm.subscribe_daily_summary',
] as const;

export interface ActorRow {
  user_id: string;
  email: string;
  is_operator: Flag;
  company_id: string | null;
  erp_permission: MembershipsTable['erp_permission'] | null;
  project_permission: MembershipsTable['project_permission'] | null;
  can_push_to_accounting: Flag | null;
  subscribe_daily_summary: Flag | null;
}

/** The actor of the rows {@link actorColumns} selected; undefined when there are none (no such user). */
export function actorOfRows(rows: readonly ActorRow[]): Actor | undefined {
  const [user] = rows;
  if (!user) return undefined;
  const memberships = new Map<string, Membership>();
  for (const row of rows) {
    if (row.company_id === null) continue; // the left join's row of a user without memberships
    // A membership's columns are all set when its company is.
    memberships.set(row.company_id, { companyId: row.company_id, ...membershipGrants(row as GrantColumns) });
  }
  return { userId: user.user_id, email: user.email, isOperator: user.is_operator === 1, memberships };
}

/** The actor for a user id, with every membership; undefined when the user no longer exists. */
export async function loadActor(db: Kysely<DB>, userId: string): Promise<Actor | undefined> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select(actorColumns)
    .where('u.id', '=', userId)
    .execute();
  return actorOfRows(rows);
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
