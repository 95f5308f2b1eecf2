import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Membership } from '../../domain/actor.ts';

/** The actor for a user id, with every membership; undefined when the user no longer exists. */
export async function loadActor(db: Kysely<DB>, userId: string): Promise<Actor | undefined> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', userId).execute();
  const memberships = new Map<string, Membership>(
    rows.map((m) => [
      m.company_id,
      {
        companyId: m.company_id,
        erpPermission: m.erp_permission,
        projectPermission: m.project_permission,
        canPushToAccounting: m.can_push_to_accounting === 1,
        subscribeDailySummary: m.subscribe_daily_summary === 1,
      },
    ]),
  );
  return { userId: user.id, email: user.email, isOperator: user.is_operator === 1, memberships };
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
