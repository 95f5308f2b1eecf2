import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

const pm = {
  ...approverMe,
  email: 'pm@demo.test',
  name: 'Demo PM',
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'admin' }],
};

/** A signed-in user's server: `/me` as given, one company, nothing else. */
const serverFor = (me: unknown) => async (request: Request) => {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/v1/me') return json(200, me);
  if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
  return problem(404, 'Company not found');
};

describe('AppShell', () => {
  it('shows an approver the ERP screens, but neither Settings nor Companies', async () => {
    renderApp('/companies/c1/erp/requests', serverFor(approverMe));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(links).toEqual(['ERP Integrations', 'Projects', 'Vendors', 'Audit log']);
    expect(within(nav).getByRole('link', { name: 'ERP Integrations' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(screen.getByRole('link', { name: 'Skip to main content' }).getAttribute('href')).toBe('#main');
    expect(screen.getByText('Demo Builders · Spectrum')).toBeTruthy();
  });

  it('sends a project manager without ERP access from / to Projects', async () => {
    const router = renderApp('/', serverFor(pm));
    await screen.findByRole('heading', { name: 'Projects' });
    expect(router.state.location.pathname).toBe('/companies/c1/projects');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'ERP Integrations' })).toBeNull();
  });

  it('reads Not found inside the shell for a company the user cannot see', async () => {
    renderApp('/companies/c2/erp/requests', serverFor(approverMe));
    expect(await screen.findByText(/belongs to a company you're not a member of/)).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
  });

  it('tells a user with no company to ask for one', async () => {
    renderApp('/', serverFor({ ...approverMe, companies: [] }));
    expect(
      await screen.findByText('You are not a member of any company yet. Ask your ERP admin to add you.'),
    ).toBeTruthy();
  });

  it('marks each placeholder as not built yet rather than showing made-up data', async () => {
    renderApp('/companies/c1/projects/p1/budget', serverFor(approverMe));
    const main = await screen.findByRole('main');
    expect(await within(main).findByRole('heading', { name: 'Budget' })).toBeTruthy();
    expect(main.textContent).toContain("This screen isn't built yet.");
  });
});
