import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CompanyEvent } from '../../api/events.ts';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import { applyCompanyEvent } from './live-events.tsx';
import { queueKeys } from './queue-queries.ts';
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

interface Overrides {
  items?: ReturnType<typeof row>[];
  detail?: ReturnType<typeof requestDetail>;
  /** Answers a POST (after recording it); the default is 202 `{status: 'exporting'}`. */
  post?: (path: string, body: unknown) => Promise<Response | undefined> | Response | undefined;
}

function server(me: unknown, posts: { path: string; body: unknown }[] = [], overrides: Overrides = {}) {
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
      const items = overrides.items ?? [row('r1', 'J1001 Riverside Clinic'), row('r2', 'J1002 Oak Street')];
      return json(200, { items: kind === 'vendor' ? [] : items, nextCursor: null });
    }
    if (path === '/api/v1/companies/c1/erp/requests/r1')
      return json(200, overrides.detail ?? requestDetail());
    if (path === '/api/v1/companies/c1/erp/job-templates')
      return json(200, {
        items: [{ jobNumber: 'TEMPLATE1', description: 'Commercial Job Template' }],
        nextCursor: null,
      });
    if (request.method === 'POST') {
      const body = await request.json();
      posts.push({ path, body });
      return (await overrides.post?.(path, body)) ?? json(202, { status: 'exporting' });
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

  it("keeps an accepted row in place when the worker's events come before the POST's answer (E4)", async () => {
    const event = (type: CompanyEvent['type'], status: string): CompanyEvent => ({
      id: type,
      type,
      at: '2026-03-04T15:00:00.000Z',
      data: {
        requestId: 'r1',
        kind: 'project',
        status,
        subject: { id: 'p-r1', label: 'J1001 Riverside Clinic' },
      },
    });
    const router = renderApp(
      '/companies/c1/erp/requests',
      server(approverMe, [], {
        post: () => {
          // The worker is quicker than the answer: accepted, then synced, reach the tab first.
          for (const e of [event('request.accepted', 'exporting'), event('request.synced', 'synced')])
            applyCompanyEvent(router.options.context.queryClient, 'c1', e, () => {});
          return undefined;
        },
      }),
    );
    const table = await screen.findByRole('table');
    within(table).getByRole('row', { name: 'J1001 Riverside Clinic' }).focus();
    await userEvent.keyboard('a');
    await screen.findByRole('textbox', { name: /Spectrum Job ID/ });
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const accepted = within(table).getByRole('row', { name: 'J1001 Riverside Clinic' });
    expect(within(accepted).getByText('Synced')).toBeTruthy();
  });

  it('sends the selection as the bulk dialog opened, and lists an item retrieved meanwhile as not rejected (E21)', async () => {
    const posts: { path: string; body: unknown }[] = [];
    const router = renderApp(
      '/companies/c1/erp/requests',
      server(approverMe, posts, {
        post: (path) =>
          path.endsWith('/bulk')
            ? json(200, {
                results: [
                  { id: 'r1', ok: true, status: 'rejected' },
                  {
                    id: 'r2',
                    ok: false,
                    error: { code: 'invalid_state', detail: 'The request was retrieved by its sender' },
                  },
                ],
              })
            : undefined,
      }),
    );
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all loaded rows' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    await userEvent.click(within(bar).getByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject 2 items' });
    // The sender retrieves J1002 while the dialog is open: it leaves the list.
    applyCompanyEvent(
      router.options.context.queryClient,
      'c1',
      {
        id: 'e1',
        type: 'request.retrieved',
        at: '2026-03-04T15:00:00.000Z',
        data: {
          requestId: 'r2',
          kind: 'project',
          status: 'retrieved',
          subject: { id: 'p-r2', label: 'J1002 Oak Street' },
        },
      },
      () => {},
    );
    await waitFor(() => expect(screen.queryByRole('row', { name: 'J1002 Oak Street' })).toBeNull());
    expect(screen.getByRole('dialog', { name: 'Reject 2 items' })).toBe(dialog);
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Enter a Comment/ }), 'Wrong job');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(await within(dialog).findByText('1 rejected · 1 not rejected')).toBeTruthy();
    expect(posts.at(-1)?.body).toEqual({ action: 'reject', ids: ['r1', 'r2'], comment: 'Wrong job' });
    expect(
      within(dialog).getByRole('row', { name: /J1002 Oak Street The request was retrieved by its sender/ }),
    ).toBeTruthy();
  });

  it('on Retry reads the request afresh and marks and focuses the field the ERP named (E7)', async () => {
    const failed = requestDetail({
      status: 'failed',
      attempts: 1,
      acceptOptions: { jobNumber: 'J1001', jobTemplate: 'TEMPLATE1' },
      error: { message: 'Job J1001 already exists in Spectrum', field: 'jobNumber' },
    });
    const router = renderApp(
      '/companies/c1/erp/requests',
      server(approverMe, [], {
        items: [row('r1', 'J1001 Riverside Clinic', 'failed')],
        detail: failed,
      }),
    );
    const table = await screen.findByRole('table');
    // A detail read before the export failed is still fresh in the cache.
    router.options.context.queryClient.setQueryData(
      queueKeys.detail('c1', 'r1'),
      requestDetail({ status: 'exporting' }),
    );
    within(table).getByRole('row', { name: 'J1001 Riverside Clinic' }).focus();
    await userEvent.keyboard('t');
    const jobId = await screen.findByRole('textbox', { name: /Spectrum Job ID/ });
    expect(jobId.getAttribute('aria-invalid')).toBe('true');
    expect((jobId as HTMLInputElement).validity.valid).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(jobId));
    const described = (jobId.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(described).toContain('Job J1001 already exists in Spectrum');
    expect(screen.getAllByRole('alert')[0]?.textContent).toContain('Job J1001 already exists in Spectrum');
  });

  it('cuts a long item name to fit the Actions column, with the whole name as its title', async () => {
    const long = 'J1003 Riverside Clinic Phase Two Parking Structure and Landscaping';
    renderApp(
      '/companies/c1/erp/requests',
      server(approverMe, [], { items: [row('r3', long, 'ready_to_update')] }),
    );
    const table = await screen.findByRole('table');
    const link = within(table).getByRole('link', { name: /J1003 Riverside Clinic Phase Two/ });
    expect(link.getAttribute('title')).toBe(long);
    expect(link.className).toContain('truncate');
    const tr = within(table).getByRole('row', { name: long });
    for (const action of ['View Requested Updates', 'Update', 'Reject'])
      expect(within(tr).getByRole('button', { name: action })).toBeTruthy();
  });
});
