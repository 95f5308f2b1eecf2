import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

const pm = {
  ...approverMe,
  email: 'pm@demo.test',
  name: 'Demo PM',
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'admin' }],
};

const companies = [
  { id: 'c1', name: 'Demo Builders', timeZone: 'America/Chicago', erpSystem: 'spectrum' },
  { id: 'c2', name: 'Sage Builders', timeZone: 'America/Denver', erpSystem: 'sage300' },
];

/** A signed-in user's server: `/me` as given, its companies, an empty queue, nothing else. */
const serverFor = (me: unknown) => async (request: Request) => {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/v1/me') return json(200, me);
  if (pathname === '/api/v1/companies') return json(200, { items: companies, nextCursor: null });
  const company = companies.find((c) => pathname === `/api/v1/companies/${c.id}`);
  if (company) return json(200, { ...demoCompany, ...company });
  if (pathname.endsWith('/erp/requests/counts')) return json(200, { items: [] });
  if (pathname.endsWith('/erp/requests')) return json(200, { items: [], nextCursor: null });
  return problem(404, 'Company not found');
};

describe('AppShell', () => {
  it('shows an approver the ERP screens, but neither Settings nor Companies', async () => {
    renderApp('/companies/c1/erp/requests', serverFor(approverMe));
    // The first test also loads the lazy queue screen, which takes a while on a busy machine.
    const nav = await screen.findByRole('navigation', { name: 'Main' }, { timeout: 5000 });
    const links = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(links).toEqual(['ERP Integrations', 'Projects', 'Vendors', 'Audit log']);
    expect(within(nav).getByRole('link', { name: 'ERP Integrations' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(screen.getByRole('link', { name: 'Skip to main content' }).getAttribute('href')).toBe('#main');
    const switcher = (await screen.findByRole('combobox', { name: 'Company' })) as HTMLInputElement;
    expect(switcher.value).toBe('Demo Builders · Spectrum');
  });

  it('sends a project manager without ERP access from / to Projects', async () => {
    const router = renderApp('/', serverFor(pm));
    await screen.findByRole('heading', { name: 'Projects' });
    expect(router.state.location.pathname).toBe('/companies/c1/projects');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'ERP Integrations' })).toBeNull();
  });

  it('reads Not found inside the shell for a company the user cannot see', async () => {
    renderApp('/companies/c9/erp/requests', serverFor(approverMe));
    expect(await screen.findByText(/belongs to a company you're not a member of/)).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
  });

  it('tells a user with no company to ask for one', async () => {
    renderApp('/', serverFor({ ...approverMe, companies: [] }));
    expect(
      await screen.findByText('You are not a member of any company yet. Ask your ERP admin to add you.'),
    ).toBeTruthy();
  });

  it('switches company from a request to the other company’s queue, and remembers it', async () => {
    const member = { ...approverMe.companies[0] };
    const me = { ...approverMe, companies: [member, { ...member, id: 'c2', name: 'Sage Builders' }] };
    const router = renderApp('/companies/c1/erp/requests?kind=budget', serverFor(me));
    // Tabbing onto the switcher leaves the page alone; its button (or typing) opens the list.
    const switcher = await screen.findByRole('combobox', { name: 'Company' });
    await userEvent.click(screen.getByRole('button', { name: /^Show Company/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Sage Builders · Sage 300 CRE' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies/c2/erp/requests'));
    expect(router.state.location.search).toEqual({ kind: 'budget' });
    expect(localStorage.getItem('ledgergate.lastCompany')).toBe('c2');
    await waitFor(() => expect((switcher as HTMLInputElement).value).toBe('Sage Builders · Sage 300 CRE'));
  });
});
