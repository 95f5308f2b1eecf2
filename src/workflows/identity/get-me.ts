import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { type MembershipGrants, membershipGrants } from '../shared/actors.ts';

/** A company the user belongs to, with what their membership grants there. */
export type MyCompany = { id: string; name: string } & MembershipGrants;

export interface Me {
  id: string;
  email: string;
  name: string;
  isOperator: boolean;
  companies: MyCompany[];
}

/** The signed-in user and each company they belong to, with their permissions there. */
export async function getMe(ctx: WorkflowContext, actor: Actor): Promise<Me> {
  const { db } = ctx.database;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  return { ...user, isOperator: actor.isOperator, companies: await myCompanies(db, actor.userId) };
}

/** The user's memberships by company name; only the one in `companyId` when it is given. */
export async function myCompanies(db: Kysely<DB>, userId: string, companyId?: string): Promise<MyCompany[]> {
  let query = db
    .selectFrom('memberships')
    .innerJoin('companies', 'companies.id', 'memberships.company_id')
    .select([
      'companies.id',
      'companies.name',
      'memberships.erp_permission',
      'memberships.project_permission',
      'memberships.can_push_to_accounting',
      'memberships.subscribe_daily_summary',
    ])
    .where('memberships.user_id', '=', userId)
    .orderBy('companies.name');
  if (companyId !== undefined) query = query.where('memberships.company_id', '=', companyId);
  const rows = await query.execute();
  return rows.map((c) => ({ id: c.id, name: c.name, ...membershipGrants(c) }));
}
