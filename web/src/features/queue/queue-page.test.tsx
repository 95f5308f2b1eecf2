import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import { requestDetail } from './test-fixtures.ts';

const row = (id: string, label: string, status = 'ready_to_export', kind = 'project') => {
  const {
    snapshot: _s,
    requestedUpdates: _u,
    acceptOptions: _a,
    error: _e,
    result: _r,
    history: _h,
    ...listRow
  } = requestDetail({ id, subject: { id: `p-${id}`, label }, status: status as never, kind: kind as never });
  return listRow;
};

function server(me: unknown, posts: { path: string; body: unknown }[] = []) {
  return async (request: Request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/api/v1/me') return json(200, me);
    if (path === '/api/v1/companies/c1') return json(200, demoCompany);
    if (path === '/api/v1/companies/c1/erp/requests/counts')
      return json(200, {
        items: [
          { kind: 'project', status: 'ready_to_export', count: 2 },
          { kind: 'vendor', status: 'ready_to_export', count: 1 },
          { kind: 'project', status: 'synced', count: 7 },
        ],
      });
    if (path === '/api/v1/companies/c1/erp/requests') {
      const kind = url.searchParams.get('kind');
      const items = [row('r1', 'J1001 Riverside Clinic'), row('r2', 'J1002 Oak Street')];
      return json(200, { items: kind === 'vendor' ? [] : items, nextCursor: null });
    }
    if (path === '/api/v1/companies/c1/erp/requests/r1') return json(200, requestDetail());
    if (path === '/api/v1/companies/c1/erp/job-templates')
      return json(200, {
        items: [{ jobNumber: 'TEMPLATE1', description: 'Commercial Job Template' }],
        nextCursor: null,
      });
    if (request.method === 'POST') {
      posts.push({ path, body: await request.json() });
      return json(202, { status: 'exporting' });
    }
    return problem(404, 'Not found');
  };
}

describe('the ERP Integrations queue', () => {
  it('shows the tabs with their needs-action counts, the filters and the rows', async () => {
    renderApp('/companies/c1/erp/requests', server(approverMe));
    expect(await screen.findByRole('heading', { name: 'All – Needs action' })).toBeTruthy();
    const kinds = screen.getByRole('navigation', { name: 'Kinds' });
    expect(await within(kinds).findByRole('link', { name: /Jobs\s*2 need action/ })).toBeTruthy();
    expect(within(kinds).getByRole('link', { name: /Vendors\s*1 need action/ })).toBeTruthy();
    const filters = screen.getByRole('navigation', { name: 'Filters' });
    expect(within(filters).getByRole('link', { name: /Synced\s*7/ })).toBeTruthy();
    const table = await screen.findByRole('table');
    expect(table.getAttribute('aria-rowcount')).toBe('4');
    expect(
      within(table).getByRole('row', { name: 'J1001 Riverside Clinic' }).getAttribute('aria-keyshortcuts'),
    ).toBe('ArrowUp ArrowDown PageUp PageDown Home End Enter ArrowRight ? Space A R');
  });

  it('lists the keys of the table on "?", and Esc gives focus back to the row', async () => {
    renderApp('/companies/c1/erp/requests', server(approverMe));
    const table = await screen.findByRole('table');
    const first = within(table).getByRole('row', { name: 'J1001 Riverside Clinic' });
    first.focus();
    await userEvent.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const key of ['Enter', 'Space', 'A', 'R', 'V', 'T', '?'])
      expect(within(dialog).getByText(key)).toBeTruthy();
    expect(within(dialog).getByText('View Requested Updates')).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(first));
  });

  it("uses the seed's heading for Jobs, Ready to Export", async () => {
    renderApp(
      '/companies/c1/erp/requests?kind=project,cost_codes&status=ready_to_export',
      server(approverMe),
    );
    expect(
      await screen.findByRole('heading', { name: 'Projects in Ledgergate not synced to Spectrum' }),
    ).toBeTruthy();
  });

  it('says what will appear when nothing is waiting', async () => {
    renderApp('/companies/c1/erp/requests?kind=vendor', server(approverMe));
    expect(
      await screen.findByText(
        'Nothing is waiting for approval. Items appear here when a project manager clicks Send to ERP.',
      ),
    ).toBeTruthy();
  });

  it('accepts a row from the keyboard: A opens Accept, Enter exports, the row turns Exporting…', async () => {
    const posts: { path: string; body: unknown }[] = [];
    renderApp('/companies/c1/erp/requests', server(approverMe, posts));
    const table = await screen.findByRole('table');
    const first = within(table).getByRole('row', { name: 'J1001 Riverside Clinic' });
    first.focus();
    await userEvent.keyboard('a');
    const jobId = await screen.findByRole('textbox', { name: /Spectrum Job ID/ });
    await waitFor(() => expect(document.activeElement).toBe(jobId));
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(posts).toEqual([
        {
          path: '/api/v1/companies/c1/erp/requests/r1/accept',
          body: { version: 3, jobNumber: 'J1001', jobTemplate: 'TEMPLATE1' },
        },
      ]),
    );
    await waitFor(() => expect(within(first).getByText('Exporting…')).toBeTruthy());
  });

  it('tells a viewer why there is nothing to act with', async () => {
    const viewer = { ...approverMe, companies: [{ ...approverMe.companies[0], canPushToAccounting: false }] };
    renderApp('/companies/c1/erp/requests', server(viewer));
    expect(
      await screen.findByText(
        'You can view this queue. To accept or reject, an operator must grant you Can Push to Accounting.',
      ),
    ).toBeTruthy();
    await screen.findByRole('table');
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
  });
});
