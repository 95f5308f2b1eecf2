import type { WorkflowContext } from '../../src/workflows/context.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from './factories.ts';

/** Every kind of caller the permission matrix distinguishes (DEVELOPERS.md, issue 2). */
export const roles = [
  'anonymous',
  'operator',
  'erpAdmin',
  'approver',
  'erpStandard',
  'readOnly',
  'none',
  'projectAdmin',
  'otherCompany',
] as const;
export type Role = (typeof roles)[number];

export interface RoleWorld {
  companyId: string;
  otherCompanyId: string;
  operator: TestUser;
  users: Record<Exclude<Role, 'anonymous'>, TestUser>;
}

/** A company with one user per role, and a second company whose admin must never see the first. */
export async function makeRoleWorld(ctx: WorkflowContext): Promise<RoleWorld> {
  const operator = await makeOperator(ctx);
  const company = await makeCompany(ctx, operator);
  const other = await makeCompany(ctx, operator);
  const member = (options: Parameters<typeof makeMember>[3]) =>
    makeMember(ctx, operator, company.id, options);
  return {
    companyId: company.id,
    otherCompanyId: other.id,
    operator,
    users: {
      operator,
      erpAdmin: await member({ erp: 'admin', project: 'none' }),
      approver: await member({ erp: 'standard', project: 'none', canPushToAccounting: true }),
      erpStandard: await member({ erp: 'standard', project: 'standard' }),
      readOnly: await member({ erp: 'read_only', project: 'read_only' }),
      none: await member({ erp: 'none', project: 'none' }),
      projectAdmin: await member({ erp: 'none', project: 'admin' }),
      otherCompany: await makeMember(ctx, operator, other.id, {
        erp: 'admin',
        project: 'admin',
        canPushToAccounting: true,
      }),
    },
  };
}
