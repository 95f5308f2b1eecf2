import { can, type Me, type PermissionName } from '../../auth/permissions.ts';

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

/** A company's sections (UI.md §2), each with the permissions that open it (any of them). */
const sections: [path: string, openedBy: PermissionName[]][] = [
  ['erp/requests', ['viewErpQueue']],
  ['erp/jobs', ['viewErpQueue']],
  ['erp/vendors', ['viewErpQueue']],
  ['erp/sync', ['viewErpQueue']],
  ['erp/connection', ['manageErpConnection']],
  ['projects', ['viewProjectRecords']],
  ['vendors', ['viewProjectRecords']],
  ['audit-events', ['viewAuditEvents']],
  ['settings', ['updateCompanySettings', 'createCompany']],
  ['users', ['manageUsers']],
  ['webhooks', ['manageWebhooks']],
  ['standard-cost-codes', ['manageStandardLists']],
];

/**
 * Where the company switcher goes (UI.md §2): the same section in the other company, without record ids
 * (`…/erp/requests/r5` → `…/erp/requests`); a list keeps its filters but those naming a record (`subjectId`).
 * A section the user may not open there, or a page outside any company, gives that company's first screen.
 */
export function switchCompanyHref(me: Me, companyId: string, pathname: string, searchStr: string): string {
  const base = `/companies/${encodeURIComponent(companyId)}`;
  const rest = /^\/companies\/[^/]+\/(.+?)\/?$/.exec(pathname)?.[1];
  const section = rest ? sections.find(([path]) => rest === path || rest.startsWith(`${path}/`)) : undefined;
  if (section?.[1].some((name) => can(me, companyId, name))) {
    const search = new URLSearchParams(rest === section[0] ? searchStr : '');
    for (const key of [...search.keys()]) if (key.endsWith('Id')) search.delete(key);
    const query = search.toString();
    return `${base}/${section[0]}${query ? `?${query}` : ''}`;
  }
  const first = sections.find(([, openedBy]) => openedBy.some((name) => can(me, companyId, name)));
  return `${base}/${first?.[0] ?? 'settings'}`;
}
