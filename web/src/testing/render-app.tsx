import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { ApiContext, createApiClient } from '../api/client.ts';
import { createAppRouter } from '../router.tsx';

/** Test support for component tests: the whole app at a path, its API answered by `server`. */
export function renderApp(path: string, server: (request: Request) => Promise<Response>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const api = createApiClient({ fetch: server });
  const router = createAppRouter({ queryClient, api }, createMemoryHistory({ initialEntries: [path] }));
  render(
    <ApiContext value={api}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiContext>,
  );
  return router;
}

export const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

export const problem = (status: number, detail: string) =>
  json(status, { type: 'urn:test', title: 'Test', status, detail, code: 'test' }, 'application/problem+json');

/** `GET /me` of an approver of one Spectrum company, `c1`. */
export const approverMe = {
  id: 'u1',
  email: 'approver@demo.test',
  name: 'Demo approver',
  isOperator: false,
  csrfToken: 'csrf-1',
  companies: [
    {
      id: 'c1',
      name: 'Demo Builders',
      erpPermission: 'standard',
      projectPermission: 'read_only',
      canPushToAccounting: true,
      subscribeDailySummary: true,
    },
  ],
};

/** `GET /companies/c1`. */
export const demoCompany = {
  id: 'c1',
  name: 'Demo Builders',
  timeZone: 'America/Chicago',
  erpSystem: 'spectrum',
  features: { customCcoTitle: false },
  settings: {
    syncSchedule: '15m',
    dailySummaryTime: '07:00',
    timeZone: 'America/Chicago',
    defaultJobTemplate: 'TEMPLATE1',
    locale: 'en-US',
    currency: 'USD',
  },
  version: 1,
  createdAt: '2026-01-05T15:00:00.000Z',
};
