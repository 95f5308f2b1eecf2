import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { type MembershipGrants, membershipGrants } from '../shared/actors.ts';

export interface Me {
  id: string;
  email: string;
  name: string;
  isOperator: boolean;
  companies: ({ id: string; name: string } & MembershipGrants)[];
}

/** The signed-in user and each company they belong to, with their permissions there. */
export async function getMe(ctx: WorkflowContext, actor: Actor): Promise<Me> {
  const { db } = ctx.database;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const companies = await db
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
    .where('memberships.user_id', '=', actor.userId)
    .orderBy('companies.name')
    .execute();
  return {
    ...user,
    isOperator: actor.isOperator,
    companies: companies.map((c) => ({ id: c.id, name: c.name, ...membershipGrants(c) })),
  };
}
