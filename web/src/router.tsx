import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  Outlet,
  type RouterHistory,
  redirect,
  useRouter,
} from '@tanstack/react-router';
import { type ApiClient, ApiError, errorDetail } from './api/client.ts';
import { companyQuery, meQuery } from './api/queries.ts';
import { lastCompanyId, rememberCompany } from './auth/session.tsx';
import { SignInPage } from './features/auth/index.ts';
import { validateQueueSearch } from './features/queue/queue-search.ts';
import { validateRecordListSearch } from './features/records/list-search.ts';
import {
  AppShell,
  homeTarget,
  NoCompanyPage,
  NotFoundPage,
  PlaceholderPage,
} from './features/shell/index.ts';
import { ErrorState } from './ui/error-state.tsx';

/**
 * Paths to pages and loaders, nothing else (STYLE.md §10). A page's URL is its API path without
 * `/api/v1` (UI.md ground rules). Screens still to be built are placeholders that say so.
 */
export interface RouterContext {
  queryClient: QueryClient;
  api: ApiClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

function RouteError({ error }: { error: unknown }) {
  const router = useRouter();
  return <ErrorState detail={errorDetail(error)} onRetry={() => router.invalidate()} />;
}

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } =>
    typeof search.next === 'string' ? { next: search.next } : {},
  beforeLoad: async ({ context }) => {
    if (await context.queryClient.ensureQueryData(meQuery(context.api))) throw redirect({ to: '/' });
  },
  component: SignInPage,
});

const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery(context.api));
    if (!me) throw redirect({ to: '/sign-in', search: { next: location.href } });
    return { me };
  },
  component: AppShell,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const target = homeTarget(context.me, lastCompanyId());
    if (target) throw redirect(target);
  },
  component: NoCompanyPage,
});

const companiesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/companies',
  component: () => <PlaceholderPage title="Companies" />,
});

const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/account',
  component: () => <PlaceholderPage title="Account" />,
});

const companyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/companies/$c',
  loader: async ({ context, params }) => {
    try {
      await context.queryClient.ensureQueryData(companyQuery(context.api, params.c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw notFound();
      throw error;
    }
    rememberCompany(params.c);
  },
  component: Outlet,
  // Inside the shell: an unknown company, or a record of one, reads as UI.md §3's 404.
  notFoundComponent: NotFoundPage,
});

/** A company screen still to come (UI.md §3 names it); its feature replaces the component. */
const placeholder = <const P extends string>(path: P, title: string) =>
  createRoute({
    getParentRoute: () => companyRoute,
    path,
    component: () => <PlaceholderPage title={title} />,
  });

const companyRoutes = [
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'erp/requests',
    validateSearch: validateQueueSearch,
    component: lazyRouteComponent(() => import('./features/queue/index.ts'), 'QueueRoute'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'erp/requests/$r',
    validateSearch: validateQueueSearch,
    component: lazyRouteComponent(() => import('./features/queue/index.ts'), 'RequestRoute'),
  }),
  placeholder('erp/jobs', 'Jobs only in the ERP'),
  placeholder('erp/vendors', 'Vendors only in the ERP'),
  placeholder('erp/sync', 'Sync status'),
  placeholder('erp/connection', 'ERP connection'),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects',
    validateSearch: validateRecordListSearch,
    component: lazyRouteComponent(() => import('./features/projects/projects-page.tsx'), 'ProjectsPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/new',
    component: lazyRouteComponent(() => import('./features/projects/new-project-page.tsx'), 'NewProjectPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p',
    component: lazyRouteComponent(() => import('./features/projects/project-page.tsx'), 'ProjectPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/cost-codes',
    component: lazyRouteComponent(() => import('./features/cost-codes/cost-codes-page.tsx'), 'CostCodesPage'),
  }),
  placeholder('projects/$p/budget', 'Budget'),
  placeholder('projects/$p/commitments', 'Commitments'),
  placeholder('projects/$p/commitments/$k', 'Commitment'),
  placeholder('projects/$p/commitments/$k/change-orders/$o', 'Change order'),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'vendors',
    validateSearch: validateRecordListSearch,
    component: lazyRouteComponent(() => import('./features/vendors/vendors-page.tsx'), 'VendorsPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'vendors/new',
    component: lazyRouteComponent(() => import('./features/vendors/new-vendor-page.tsx'), 'NewVendorPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'vendors/$v',
    component: lazyRouteComponent(() => import('./features/vendors/vendor-page.tsx'), 'VendorPage'),
  }),
  placeholder('settings', 'Settings'),
  placeholder('users', 'Users and permissions'),
  placeholder('webhooks', 'Webhooks'),
  placeholder('webhooks/$w', 'Webhook'),
  placeholder('standard-cost-codes', 'Standard cost codes and cost types'),
  placeholder('audit-events', 'Audit log'),
] as const;

const routeTree = rootRoute.addChildren([
  signInRoute,
  signedInRoute.addChildren([
    homeRoute,
    companiesRoute,
    accountRoute,
    companyRoute.addChildren(companyRoutes),
  ]),
]);

/** The app's router; component tests pass a memory history. */
export function createAppRouter(context: RouterContext, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context,
    ...(history && { history }),
    defaultPreload: 'intent',
    // Loaders read through the query cache, which owns freshness (staleTime), so the router keeps none.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
