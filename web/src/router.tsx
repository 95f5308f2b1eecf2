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
import { validateAuditSearch } from './features/audit/audit-search.ts';
import { SignInPage } from './features/auth/index.ts';
import { validateQueueSearch } from './features/queue/queue-search.ts';
import { validateRecordListSearch } from './features/records/list-search.ts';
import { AppShell, homeTarget, NoCompanyPage, NotFoundPage } from './features/shell/index.ts';
import { ErrorState } from './ui/error-state.tsx';

/**
 * Paths to pages and loaders, nothing else (STYLE.md §10). A page's URL is its API path without
 * `/api/v1` (UI.md ground rules).
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
  component: lazyRouteComponent(() => import('./features/operator/index.ts'), 'CompaniesPage'),
});

const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('./features/account/index.ts'), 'AccountPage'),
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
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'erp/jobs',
    component: lazyRouteComponent(() => import('./features/erp-mirror/index.ts'), 'JobsOnlyInErpPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'erp/vendors',
    component: lazyRouteComponent(() => import('./features/erp-mirror/index.ts'), 'VendorsOnlyInErpPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'erp/sync',
    component: lazyRouteComponent(() => import('./features/sync/index.ts'), 'SyncPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'erp/connection',
    component: lazyRouteComponent(() => import('./features/settings/index.ts'), 'ErpConnectionPage'),
  }),
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
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/budget',
    component: lazyRouteComponent(() => import('./features/budget/budget-page.tsx'), 'BudgetPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/commitments',
    component: lazyRouteComponent(
      () => import('./features/commitments/commitments-page.tsx'),
      'CommitmentsPage',
    ),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/commitments/new',
    component: lazyRouteComponent(
      () => import('./features/commitments/new-commitment-page.tsx'),
      'NewCommitmentPage',
    ),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/commitments/$k',
    component: lazyRouteComponent(
      () => import('./features/commitments/commitment-page.tsx'),
      'CommitmentPage',
    ),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/commitments/$k/change-orders/new',
    component: lazyRouteComponent(
      () => import('./features/change-orders/new-change-order-page.tsx'),
      'NewChangeOrderPage',
    ),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'projects/$p/commitments/$k/change-orders/$o',
    component: lazyRouteComponent(
      () => import('./features/change-orders/change-order-page.tsx'),
      'ChangeOrderPage',
    ),
  }),
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
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'settings',
    component: lazyRouteComponent(() => import('./features/settings/index.ts'), 'GeneralSettingsPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'users',
    component: lazyRouteComponent(() => import('./features/users/index.ts'), 'UsersPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'webhooks',
    component: lazyRouteComponent(() => import('./features/webhooks/index.ts'), 'WebhooksPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'webhooks/$w',
    component: lazyRouteComponent(() => import('./features/webhooks/index.ts'), 'WebhookPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'standard-cost-codes',
    component: lazyRouteComponent(() => import('./features/settings/index.ts'), 'StandardListsPage'),
  }),
  createRoute({
    getParentRoute: () => companyRoute,
    path: 'audit-events',
    validateSearch: validateAuditSearch,
    component: lazyRouteComponent(() => import('./features/audit/index.ts'), 'AuditPage'),
  }),
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
