import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useParams } from '@tanstack/react-router';
import { useApi } from '../../api/client.ts';
import { companyQuery } from '../../api/queries.ts';
import { can, type Me, type PermissionName } from '../../auth/permissions.ts';
import { lastCompanyId, useMe } from '../../auth/session.tsx';
import { copy } from '../../copy.ts';
import { formatZone } from '../../format/dates.ts';
import { Toasts } from '../../ui/toasts.tsx';
import { LiveIndicator, useCompanyEvents } from '../queue/live-events.tsx';
import { CompanySwitcher } from './company-switcher.tsx';
import { UserMenu } from './user-menu.tsx';

interface NavItem {
  label: string;
  to:
    | '/companies/$c/erp/requests'
    | '/companies/$c/projects'
    | '/companies/$c/vendors'
    | '/companies/$c/audit-events'
    | '/companies/$c/settings';
  /** Shown when any of these allow it in the current company (UI.md §2). */
  shownFor: PermissionName[];
}

const companyNav: NavItem[] = [
  { label: copy.erpIntegrations, to: '/companies/$c/erp/requests', shownFor: ['viewErpQueue'] },
  { label: 'Projects', to: '/companies/$c/projects', shownFor: ['viewProjectRecords'] },
  { label: 'Vendors', to: '/companies/$c/vendors', shownFor: ['viewProjectRecords'] },
  { label: 'Audit log', to: '/companies/$c/audit-events', shownFor: ['viewAuditEvents'] },
  { label: 'Settings', to: '/companies/$c/settings', shownFor: ['updateCompanySettings', 'createCompany'] },
];

/** The company the header is about: the one in the URL, else the one `/` would open. */
function currentCompanyId(me: Me, inUrl: string | undefined): string | undefined {
  if (inUrl) return inUrl;
  const last = lastCompanyId();
  return (me.companies.find((c) => c.id === last) ?? me.companies[0])?.id;
}

const linkClass =
  'rounded-md px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-100 aria-[current=page]:bg-blue-50 aria-[current=page]:text-blue-900';

/** The signed-in layout: skip link, header with navigation and user menu, and the page in `main`. */
export function AppShell() {
  const me = useMe();
  const api = useApi();
  const companyId = currentCompanyId(me, useParams({ strict: false }).c);
  const company = useQuery({ ...companyQuery(api, companyId ?? ''), enabled: companyId !== undefined }).data;
  const zone = company && formatZone({ timeZone: company.timeZone, locale: company.settings.locale });
  const items = companyId
    ? companyNav.filter((item) => item.shownFor.some((p) => can(me, companyId, p)))
    : [];
  const live = useCompanyEvents(
    companyId,
    companyId !== undefined && can(me, companyId, 'viewCompanyEvents'),
  );

  return (
    <div className="min-h-screen bg-gray-50 font-sans text-gray-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to main content
      </a>
      <header className="flex flex-wrap items-center gap-4 border-b border-gray-200 bg-white px-4 py-2">
        <span className="font-semibold">Ledgergate</span>
        <CompanySwitcher companyId={companyId} />
        <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
          {companyId &&
            items.map((item) => (
              <Link key={item.label} to={item.to} params={{ c: companyId }} className={linkClass}>
                {item.label}
              </Link>
            ))}
          {can(me, '', 'createCompany') && (
            <Link to="/companies" activeOptions={{ exact: true }} className={linkClass}>
              Companies
            </Link>
          )}
        </nav>
        <LiveIndicator status={live} />
        <UserMenu name={me.name} zone={zone} />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl p-4 outline-none">
        <Outlet />
      </main>
      <Toasts />
    </div>
  );
}
