import { newId } from '../../db/ids.ts';
import type { Actor, ErpPermission, ProjectPermission } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import { hashPassword } from '../../security/passwords.ts';
import type { WorkflowContext } from '../context.ts';
import { normaliseEmail } from '../shared/actors.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadCompany } from '../shared/companies.ts';
import { loadMember, type Member } from './members.ts';

export interface AddCompanyUserProps {
  actor: Actor;
  companyId: string;
  email: string;
  name: string;
  password?: string;
  erpPermission: ErpPermission;
  projectPermission: ProjectPermission;
}

/**
 * Creates the user, or gives an existing account (of any company) a membership in this one. The answer
 * is the same either way, so a company learns nothing of accounts elsewhere: it names the user as this
 * company did, and a password for an existing account is not set (only its owner or an operator may
 * change it) nor refused, which would tell that the account exists.
 */
export async function addCompanyUser(ctx: WorkflowContext, props: AddCompanyUserProps): Promise<Member> {
  const email = normaliseEmail(props.email);
  const passwordHash = props.password === undefined ? null : await hashPassword(props.password);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    await loadCompany(trx, props.companyId);
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    const userId = existing?.id ?? newId();
    if (!existing) {
      await trx
        .insertInto('users')
        .values({
          id: userId,
          email,
          name: props.name,
          password_hash: passwordHash,
          is_operator: 0,
          created_at: at,
          updated_at: at,
        })
        .execute();
    } else {
      const member = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('company_id', '=', props.companyId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (member) throw invalidState('This user is already a member of the company');
    }
    await trx
      .insertInto('memberships')
      .values({
        company_id: props.companyId,
        user_id: userId,
        erp_permission: props.erpPermission,
        project_permission: props.projectPermission,
        can_push_to_accounting: 0,
        subscribe_daily_summary: 1,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const member = { ...(await loadMember(trx, props.companyId, userId)), name: props.name };
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'membership.created',
      subjectType: 'user',
      subjectId: userId,
      after: member,
      at: now,
    });
    return member;
  });
}
