import type { Actor, ErpPermission, Membership, ProjectPermission } from './actor.ts';

/**
 * One permission function per action (PRODUCT.md §1). Each answers whether the actor may perform the
 * action in the company. Whether the company is visible at all (404 rather than 403) is decided before,
 * by `canSeeCompany`.
 */
export type Permission = (actor: Actor, companyId: string) => boolean;

const erpRank: Record<ErpPermission, number> = { none: 0, read_only: 1, standard: 2, admin: 3 };
const projectRank: Record<ProjectPermission, number> = { none: 0, read_only: 1, standard: 2, admin: 3 };

const membership = (actor: Actor, companyId: string): Membership | undefined =>
  actor.memberships.get(companyId);
const erpAtLeast = (level: ErpPermission) => (actor: Actor, companyId: string) =>
  erpRank[membership(actor, companyId)?.erpPermission ?? 'none'] >= erpRank[level];
const projectAtLeast = (level: ProjectPermission) => (actor: Actor, companyId: string) =>
  projectRank[membership(actor, companyId)?.projectPermission ?? 'none'] >= projectRank[level];
const operator: Permission = (actor) => actor.isOperator;
const anyOf =
  (...permissions: Permission[]): Permission =>
  (actor, companyId) =>
    permissions.some((p) => p(actor, companyId));

/** A user never learns that a company they do not belong to exists; operators see every company. */
export const canSeeCompany = (actor: Actor, companyId: string): boolean =>
  actor.isOperator || actor.memberships.has(companyId);

export const isMember: Permission = (actor, companyId) => actor.memberships.has(companyId);
export const isApprover: Permission = (actor, companyId) => {
  const m = membership(actor, companyId);
  return m?.canPushToAccounting === true && erpRank[m.erpPermission] >= erpRank.standard;
};

export const permissions = {
  // installation
  createCompany: operator,
  setCompanyFeatures: operator,
  grantPushToAccounting: operator,
  // company administration
  viewCompany: anyOf(operator, isMember),
  updateCompanySettings: erpAtLeast('admin'),
  manageUsers: anyOf(operator, erpAtLeast('admin')),
  /** A member's own daily-summary subscription, whatever their permissions. */
  setOwnDailySummary: isMember,
  manageErpConnection: erpAtLeast('admin'),
  /** Outbound webhooks of the company's item events (their secrets sign the deliveries). */
  manageWebhooks: erpAtLeast('admin'),
  viewAuditEvents: erpAtLeast('read_only'),
  // the ERP side
  viewErpQueue: erpAtLeast('read_only'),
  /** The live events: ERP readers see them all, project readers those of the records they read (A10). */
  viewCompanyEvents: anyOf(erpAtLeast('read_only'), projectAtLeast('read_only')),
  runErpSync: erpAtLeast('standard'),
  manageErpLinks: erpAtLeast('admin'),
  manageStandardLists: erpAtLeast('admin'),
  actOnErpRequests: isApprover,
  // the project side
  viewProjectRecords: projectAtLeast('read_only'),
  editProjectRecords: projectAtLeast('standard'),
  sendToErp: projectAtLeast('admin'),
} satisfies Record<string, Permission>;

export type PermissionName = keyof typeof permissions;
