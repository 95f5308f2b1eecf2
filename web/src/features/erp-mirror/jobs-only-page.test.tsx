import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import type { ErpJob } from './mirror-queries.ts';

const adminMe = {
  ...approverMe,
  email: 'admin@demo.test',
  companies: [{ ...approverMe.companies[0], erpPermission: 'admin', projectPermission: 'admin' }],
};

const job = (jobNumber: string, description: string, extra: Partial<ErpJob> = {}): ErpJob => ({
  jobNumber,
  description,
  status: 'active',
  division: 'East',
  customerCode: 'CUST1',
  isTemplate: false,
  archived: false,
  seenAt: '2026-03-05T03:00:00.000Z',
  ...extra,
});

const project = (id: string, name: string, number: string | null, jobNumber?: string) => ({
  id,
  version: 1,
  name,
  number,
  active: true,
  division: null,
  priceMethod: null,
  taxable: null,
  customerCode: null,
  costCenter: null,
  address: null,
  createdBy: 'u1',
  createdAt: '2026-03-01T15:00:00Z',
  updatedAt: '2026-03-01T15:00:00Z',
  erp: jobNumber ? { status: 'rejected', jobNumber } : { status: 'not_sent' },
});

function server(me: unknown = adminMe, answer?: (path: string) => Response | undefined) {
  let jobs = [
    job('24-002', 'Oak Street Parking Deck'),
    job('24-003', 'Lincoln Renovation', { status: 'complete', division: undefined }),
    job('TEMPLATE1', 'Commercial Job Template', { isTemplate: true, status: 'inactive' }),
  ];
  const posts: { path: string; body: unknown }[] = [];
  const projectQueries: URLSearchParams[] = [];
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/api/v1/me') return json(200, me);
    if (path === '/api/v1/companies/c1') return json(200, demoCompany);
    if (path === '/api/v1/companies/c1/erp/sync-runs') return json(200, { items: [], nextCursor: null });
    if (path === '/api/v1/companies/c1/erp/jobs') {
      expect(url.searchParams.get('linked')).toBe('false');
      return json(200, { items: jobs, nextCursor: null });
    }
    if (path === '/api/v1/companies/c1/projects') {
      projectQueries.push(url.searchParams);
      return json(200, {
        items: [project('p7', 'Lincoln Reno', 'L-7'), project('p8', 'Old Mill', 'M-8', '23-100')],
        nextCursor: null,
      });
    }
    const action = path.match(/^\/api\/v1\/companies\/c1\/erp\/jobs\/([^/]+)\/(import|link|archive)$/);
    if (action && request.method === 'POST') {
      posts.push({ path: `${action[1]}/${action[2]}`, body: await request.json() });
      const answered = answer?.(path);
      if (answered) return answered;
      jobs = jobs.filter((j) => j.jobNumber !== action[1]);
      if (action[2] === 'import')
        return json(201, project('p9', 'Oak Street Parking Deck', '24-002', '24-002'));
      return json(200, {});
    }
    return problem(404, 'Not found');
  };
  return { handler, posts, projectQueries };
}

const rowOf = (name: RegExp) => screen.findByRole('row', { name });

describe('Jobs only in Spectrum', () => {
  it('lists the ERP’s unlinked jobs with their columns, under the ERP area header', async () => {
    renderApp('/companies/c1/erp/jobs?linked=false', server().handler);
    expect(await screen.findByRole('heading', { level: 1, name: 'Jobs only in Spectrum' })).toBeTruthy();
    const row = await rowOf(/24-002 Oak Street Parking Deck/);
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      '24-002',
      'Oak Street Parking Deck',
      'Active',
      'East',
      'CUST1',
      '',
      'Mar 4, 2026',
      'ImportLinkArchive',
    ]);
    const template = await rowOf(/TEMPLATE1/);
    expect(within(template).getByText('Template')).toBeTruthy();
    expect(within(template).getByText('Inactive')).toBeTruthy();
    expect(within(await rowOf(/24-003/)).getByText('Complete')).toBeTruthy();
    expect(screen.getByText(/Not synced with Spectrum yet · Every 15 minutes/)).toBeTruthy();
  });

  it('Import asks first, creates the synced project and opens it', async () => {
    const { handler, posts } = server();
    const router = renderApp('/companies/c1/erp/jobs', handler);
    await userEvent.click(within(await rowOf(/24-002/)).getByRole('button', { name: 'Import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import job 24-002' });
    expect(
      within(dialog).getByText('Create project 24-002 Oak Street Parking Deck, synced, with its cost codes?'),
    ).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies/c1/projects/p9'));
    expect(posts).toEqual([{ path: '24-002/import', body: {} }]);
  });

  it('Link offers only projects Spectrum doesn’t know, posts the choice, and the row leaves', async () => {
    const { handler, posts, projectQueries } = server();
    renderApp('/companies/c1/erp/jobs', handler);
    await userEvent.click(within(await rowOf(/24-003/)).getByRole('button', { name: 'Link' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link job 24-003 Lincoln Renovation' });
    const picker = await within(dialog).findByRole('combobox', { name: 'Project' });
    expect(projectQueries.at(-1)?.get('erpStatus')).toBe('not_sent,rejected,retrieved');
    // An empty choice is refused in words, not sent.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    expect(within(dialog).getByText('Choose a project to link.')).toBeTruthy();
    expect(posts).toEqual([]);
    expect(picker).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: /^Show Project/ }));
    const options = await screen.findAllByRole('option');
    // Old Mill has been synced before (it has a job number): it can't take over another job.
    expect(options.map((o) => o.textContent)).toEqual(['Lincoln Reno — L-7']);
    await userEvent.click(options[0]!);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /24-003/ })).toBeNull());
    expect(posts).toEqual([{ path: '24-003/link', body: { projectId: 'p7' } }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByText('Linked job 24-003 Lincoln Renovation')).toBeTruthy();
  });

  it('Archive asks first and the row leaves the list', async () => {
    const { handler, posts } = server();
    renderApp('/companies/c1/erp/jobs', handler);
    await userEvent.click(within(await rowOf(/24-002/)).getByRole('button', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive job 24-002 Oak Street Parking Deck?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /24-002/ })).toBeNull());
    expect(posts).toEqual([{ path: '24-002/archive', body: {} }]);
    // Focus goes to the row that took its place, not to the page's start.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('row', { name: /24-003/ })));
  });

  it('shows a 409’s detail in the dialog and refreshes the list', async () => {
    const { handler } = server(adminMe, (path) =>
      path.endsWith('/archive')
        ? json(
            409,
            {
              type: 'x',
              title: 'Conflict',
              status: 409,
              detail: 'ERP job 24-002 is already archived',
              code: 'invalid_state',
            },
            'application/problem+json',
          )
        : undefined,
    );
    renderApp('/companies/c1/erp/jobs', handler);
    await userEvent.click(within(await rowOf(/24-002/)).getByRole('button', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('ERP job 24-002 is already archived');
  });

  it('hides Import, Link and Archive from users who aren’t ERP admins', async () => {
    renderApp('/companies/c1/erp/jobs', server(approverMe).handler);
    const row = await rowOf(/24-002/);
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    // An approver (ERP standard) may still sync.
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeTruthy();
  });

  it('says so when every job is linked', async () => {
    renderApp('/companies/c1/erp/jobs', async (request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/me') return json(200, adminMe);
      if (path === '/api/v1/companies/c1') return json(200, demoCompany);
      return json(200, { items: [], nextCursor: null });
    });
    expect(await screen.findByText('Every Spectrum job is linked to a project.')).toBeTruthy();
  });
});
