import type { Actor, ErpPermission, ProjectPermission } from '../../domain/actor.ts';
import { AppError, versionConflict } from '../../domain/errors.ts';
import { permissions } from '../../domain/permissions.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadMember, type Member } from './members.ts';

export interface UpdateCompanyUserProps {
  actor: Actor;
  companyId: string;
  userId: string;
  version?: number;
  erpPermission?: ErpPermission;
  projectPermission?: ProjectPermission;
  subscribeDailySummary?: boolean;
  canPushToAccounting?: boolean;
}

const flag = (value: boolean | undefined) =>
  value === undefined ? undefined : value ? (1 as const) : (0 as const);

export async function updateCompanyUser(
  ctx: WorkflowContext,
  props: UpdateCompanyUserProps,
): Promise<Member> {
  if (
    props.canPushToAccounting !== undefined &&
    !permissions.grantPushToAccounting(props.actor, props.companyId)
  ) {
    throw new AppError('forbidden', 'Only an operator may grant or withdraw Can Push to Accounting');
  }
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const before = await loadMember(trx, props.companyId, props.userId);
    if (props.version !== undefined && props.version !== before.version) throw versionConflict();
    const updated = await trx
      .updateTable('memberships')
      .set({
        erp_permission: props.erpPermission,
        project_permission: props.projectPermission,
        subscribe_daily_summary: flag(props.subscribeDailySummary),
        can_push_to_accounting: flag(props.canPushToAccounting),
        version: before.version + 1,
        updated_at: now.toISOString(),
      })
      .where('company_id', '=', props.companyId)
      .where('user_id', '=', props.userId)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw versionConflict();
    const after = await loadMember(trx, props.companyId, props.userId);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'membership.updated',
      subjectType: 'user',
      subjectId: props.userId,
      before,
      after,
      at: now,
    });
    return after;
  });
}
