import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import type { SyncRun } from './sync-queries.ts';

const counts = {
  jobs: 12,
  jobTemplates: 3,
  costCodes: 40,
  costTypes: 5,
  vendors: 8,
  jobCosts: 100,
  changed: 4,
};
const succeeded: SyncRun = {
  id: 's1',
  status: 'succeeded',
  trigger: 'schedule',
  counts,
  createdAt: '2026-03-04T15:00:00.000Z',
  startedAt: '2026-03-04T15:00:01.000Z',
  finishedAt: '2026-03-04T15:00:09.000Z',
};
const failed: SyncRun = {
  id: 's0',
  status: 'failed',
  trigger: 'schedule',
  counts: null,
  error: 'Spectrum refused the authorization ID',
  createdAt: '2026-03-04T14:45:00.000Z',
  startedAt: '2026-03-04T14:45:01.000Z',
  finishedAt: '2026-03-04T14:45:02.000Z',
};

const viewerMe = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'read_only', canPushToAccounting: false }],
};

/** A server whose newest run goes Queued → Running → Succeeded, one step per `GET …/sync-runs`, after Sync now. */
function server(me: unknown = approverMe) {
  const posts: string[] = [];
  let manual: SyncRun[] = [];
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/me') return json(200, me);
    if (url.pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    if (url.pathname === '/api/v1/companies/c1/erp/sync' && request.method === 'POST') {
      posts.push(request.headers.get('x-csrf-token') ?? '');
      manual = [
        {
          id: 's2',
          status: 'queued',
          trigger: 'manual',
          counts: null,
          createdAt: '2026-03-04T16:00:00.000Z',
        },
        {
          id: 's2',
          status: 'running',
          trigger: 'manual',
          counts: null,
          createdAt: '2026-03-04T16:00:00.000Z',
          startedAt: '2026-03-04T16:00:01.000Z',
        },
        {
          ...succeeded,
          id: 's2',
          trigger: 'manual',
          createdAt: '2026-03-04T16:00:00.000Z',
          startedAt: '2026-03-04T16:00:01.000Z',
          finishedAt: '2026-03-04T16:00:05.000Z',
        },
      ];
      return json(202, { syncRunId: 's2' });
    }
    if (url.pathname === '/api/v1/companies/c1/erp/sync-runs') {
      // The list and the header ask alike; each list request moves the run one step on.
      const run = url.searchParams.get('limit') === '200' && manual.length > 1 ? manual.shift() : manual[0];
      return json(200, { items: [...(run ? [run] : []), succeeded, failed], nextCursor: null });
    }
    return problem(404, 'Not found');
  };
  return { handler, posts };
}

describe('Sync status', () => {
  it('shows the schedule, the last sync in company time and each run with its counts or error', async () => {
    renderApp('/companies/c1/erp/sync', server().handler);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sync status' })).toBeTruthy();
    // Chicago time for a UTC runner (the test project's TZ).
    expect(await screen.findByText('Mar 4, 2026, 9:00 AM CST', { selector: 'p time' })).toBeTruthy();
    expect(screen.getAllByText(/Every 15 minutes/).length).toBeGreaterThan(0);
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('Succeeded')).toBeTruthy();
    expect(
      within(rows[0]!).getByText(
        '12 jobs, 3 templates, 40 cost codes, 5 cost types, 8 vendors, 100 job costs; 4 changed',
      ),
    ).toBeTruthy();
    expect(within(rows[0]!).getByText('Scheduled')).toBeTruthy();
    expect(within(rows[1]!).getByText('Failed')).toBeTruthy();
    expect(within(rows[1]!).getByText('Spectrum refused the authorization ID')).toBeTruthy();
  });

  it('Sync now adds a Queued run that is polled through Running to Succeeded', async () => {
    const { handler, posts } = server();
    renderApp('/companies/c1/erp/sync', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Sync now' }));
    expect(posts).toEqual(['csrf-1']);
    const newest = async () => within(screen.getAllByRole('row')[1]!);
    expect((await screen.findAllByText('Queued', { selector: 'span' })).length).toBeGreaterThan(0);
    await waitFor(async () => expect((await newest()).getByText('Running')).toBeTruthy(), { timeout: 4000 });
    expect(await screen.findByText('Syncing with Spectrum…')).toBeTruthy();
    await waitFor(async () => expect((await newest()).getByText('Sync now')).toBeTruthy());
    await waitFor(async () => expect((await newest()).getByText('Succeeded')).toBeTruthy(), {
      timeout: 4000,
    });
    expect((await newest()).getByText(/12 jobs/)).toBeTruthy();
  }, 15_000);

  it('hides Sync now from ERP viewers', async () => {
    renderApp('/companies/c1/erp/sync', server(viewerMe).handler);
    await screen.findByText('Spectrum refused the authorization ID');
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Sync status' })).toBeTruthy();
  });

  it('shows the server’s detail when the history cannot be read', async () => {
    renderApp('/companies/c1/erp/sync', async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/me') return json(200, approverMe);
      if (url.pathname === '/api/v1/companies/c1') return json(200, demoCompany);
      return problem(503, 'The database is not reachable');
    });
    expect((await screen.findByRole('alert')).textContent).toContain('The database is not reachable');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
