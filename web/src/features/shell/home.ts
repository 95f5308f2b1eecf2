import { can, type Me } from '../../auth/permissions.ts';

export type HomeTarget =
  | { to: '/companies/$c/erp/requests'; params: { c: string } }
  | { to: '/companies/$c/projects'; params: { c: string } }
  | { to: '/companies' };

/**
 * Where `/` goes (UI.md §2): the last company, else the first, at its queue for ERP users or its
 * projects otherwise; operators without a membership to Companies. `undefined`: no company at all.
 */
export function homeTarget(me: Me, lastCompanyId: string | undefined): HomeTarget | undefined {
  const company = me.companies.find((c) => c.id === lastCompanyId) ?? me.companies[0];
  if (!company) return me.isOperator ? { to: '/companies' } : undefined;
  const params = { c: company.id };
  return can(me, company.id, 'viewErpQueue')
    ? { to: '/companies/$c/erp/requests', params }
    : { to: '/companies/$c/projects', params };
}
