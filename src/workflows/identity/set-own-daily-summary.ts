import type { Actor } from '../../domain/actor.ts';
import { notFound } from '../../domain/errors.ts';
import { updateCompanyUser } from '../companies/update-company-user.ts';
import type { WorkflowContext } from '../context.ts';
import { type MyCompany, myCompanies } from './get-me.ts';

export interface SetOwnDailySummaryProps {
  actor: Actor;
  /** A company the actor is a member of; any other is "not found". */
  companyId: string;
  subscribeDailySummary: boolean;
}

/**
 * A member turns their own ERP Integrations Daily Summary on or off, without an admin: the same
 * membership change (version bump, audit row) an admin makes, on the actor's own membership.
 */
export async function setOwnDailySummary(
  ctx: WorkflowContext,
  props: SetOwnDailySummaryProps,
): Promise<MyCompany> {
  const { actor, companyId, subscribeDailySummary } = props;
  if (!actor.memberships.has(companyId)) throw notFound('Company');
  await updateCompanyUser(ctx, { actor, companyId, userId: actor.userId, subscribeDailySummary });
  const [company] = await myCompanies(ctx.database.db, actor.userId, companyId);
  return company!;
}
