import { randomBytes } from 'node:crypto';
import type { ErpPermission, ProjectPermission } from '../../src/domain/actor.ts';
import type { ErpSystem } from '../../src/domain/company.ts';
import { addCompanyUser } from '../../src/workflows/companies/add-company-user.ts';
import { createCompany } from '../../src/workflows/companies/create-company.ts';
import { updateCompanyUser } from '../../src/workflows/companies/update-company-user.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { createApiToken } from '../../src/workflows/identity/create-api-token.ts';
import { createOperator } from '../../src/workflows/identity/create-operator.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';

/** Factories, not fixtures: each call makes new, unique records through the real workflows. */
export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

async function tokenFor(ctx: WorkflowContext, userId: string): Promise<string> {
  const actor = await loadActor(ctx.database.db, userId);
  if (!actor) throw new Error(`no user ${userId}`);
  return (await createApiToken(ctx, { actor, name: 'test' })).token;
}

export async function makeOperator(ctx: WorkflowContext): Promise<TestUser> {
  const email = `${unique('operator')}@example.com`;
  const password = 'operator-password';
  const { id } = await createOperator(ctx, { email, password });
  return { id, email, password, token: await tokenFor(ctx, id) };
}

export async function makeCompany(
  ctx: WorkflowContext,
  operator: TestUser,
  erpSystem: ErpSystem = 'spectrum',
) {
  const actor = await loadActor(ctx.database.db, operator.id);
  return createCompany(ctx, {
    actor: actor!,
    name: unique('Company'),
    timeZone: 'America/Chicago',
    erpSystem,
  });
}

export interface MemberOptions {
  erp?: ErpPermission;
  project?: ProjectPermission;
  canPushToAccounting?: boolean;
  /** An approver's daily summary (on unless told): off, they are never a summary's recipient. */
  subscribeDailySummary?: boolean;
}

export async function makeMember(
  ctx: WorkflowContext,
  operator: TestUser,
  companyId: string,
  { erp = 'none', project = 'none', canPushToAccounting = false, subscribeDailySummary }: MemberOptions = {},
): Promise<TestUser> {
  const actor = (await loadActor(ctx.database.db, operator.id))!;
  const email = `${unique('user')}@example.com`;
  const password = 'member-password';
  const member = await addCompanyUser(ctx, {
    actor,
    companyId,
    email,
    name: email,
    password,
    erpPermission: erp,
    projectPermission: project,
  });
  // One change: an approver who must not be a recipient never is, not even for a moment.
  if (canPushToAccounting || subscribeDailySummary !== undefined)
    await updateCompanyUser(ctx, {
      actor,
      companyId,
      userId: member.id,
      ...(canPushToAccounting && { canPushToAccounting }),
      ...(subscribeDailySummary !== undefined && { subscribeDailySummary }),
    });
  return { id: member.id, email, password, token: await tokenFor(ctx, member.id) };
}

export const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
