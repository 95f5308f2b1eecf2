import type { paths } from '../api/schema.d.ts';

/**
 * A name-for-name mirror of `src/domain/permissions.ts`, over `GET /me` instead of the server's actor.
 * The UI only hides what these deny; the server decides (UI.md ground rules). `permissions.test.ts`
 * checks that the names and the answers match the server's.
 */
export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
export type MeCompany = Me['companies'][number];
type Level = MeCompany['erpPermission'];

export type Permission = (me: Me, companyId: string) => boolean;

const rank: Record<Level, number> = { none: 0, read_only: 1, standard: 2, admin: 3 };

const membership = (me: Me, companyId: string): MeCompany | undefined =>
  me.companies.find((c) => c.id === companyId);
const erpAtLeast = (level: Level) => (me: Me, companyId: string) =>
  rank[membership(me, companyId)?.erpPermission ?? 'none'] >= rank[level];
const projectAtLeast = (level: Level) => (me: Me, companyId: string) =>
  rank[membership(me, companyId)?.projectPermission ?? 'none'] >= rank[level];
const operator: Permission = (me) => me.isOperator;
const anyOf =
  (...permissions: Permission[]): Permission =>
  (me, companyId) =>
    permissions.some((p) => p(me, companyId));

export const isMember: Permission = (me, companyId) => membership(me, companyId) !== undefined;
/** ERP `standard` or `admin` and Can Push to Accounting (UI.md §1). */
export const isApprover: Permission = (me, companyId) => {
  const m = membership(me, companyId);
  return m?.canPushToAccounting === true && rank[m.erpPermission] >= rank.standard;
};

export const permissions = {
  createCompany: operator,
  setCompanyFeatures: operator,
  grantPushToAccounting: operator,
  viewCompany: anyOf(operator, isMember),
  updateCompanySettings: erpAtLeast('admin'),
  manageUsers: anyOf(operator, erpAtLeast('admin')),
  setOwnDailySummary: isMember,
  manageErpConnection: erpAtLeast('admin'),
  manageWebhooks: erpAtLeast('admin'),
  viewAuditEvents: erpAtLeast('read_only'),
  viewErpQueue: erpAtLeast('read_only'),
  /** The live events: ERP readers get them all, project readers the request events (A10). */
  viewCompanyEvents: anyOf(erpAtLeast('read_only'), projectAtLeast('read_only')),
  runErpSync: erpAtLeast('standard'),
  manageErpLinks: erpAtLeast('admin'),
  manageStandardLists: erpAtLeast('admin'),
  actOnErpRequests: isApprover,
  viewProjectRecords: projectAtLeast('read_only'),
  editProjectRecords: projectAtLeast('standard'),
  sendToErp: projectAtLeast('admin'),
} satisfies Record<string, Permission>;

export type PermissionName = keyof typeof permissions;

/** Whether the signed-in user may do `name` in the company: `can(me, c, 'viewErpQueue')`. */
export function can(me: Me, companyId: string, name: PermissionName): boolean {
  return permissions[name](me, companyId);
}
