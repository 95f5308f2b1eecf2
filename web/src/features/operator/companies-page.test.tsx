import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const operator = { ...approverMe, isOperator: true, companies: [] };
const entry = { id: 'c1', name: 'Demo Builders', timeZone: 'America/Chicago', erpSystem: 'spectrum' };

describe('Companies', () => {
  beforeEach(() => {
    vi.spyOn(Intl, 'supportedValuesOf').mockReturnValue(['America/Chicago', 'America/Denver']);
    return () => vi.restoreAllMocks();
  });

  it('lists every company with links to its Users and Settings', async () => {
    const api = apiStub({ 'GET /me': operator, 'GET /companies': { items: [entry], nextCursor: null } });
    renderApp('/companies', api.server);
    const row = await screen.findByRole('row', { name: /Demo Builders/ });
    expect(within(row).getByText('Spectrum')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Users of Demo Builders' }).getAttribute('href')).toBe(
      '/companies/c1/users',
    );
    expect(within(row).getByRole('link', { name: 'Settings of Demo Builders' }).getAttribute('href')).toBe(
      '/companies/c1/settings',
    );
  });

  it('creates a company and opens its Users', async () => {
    const companies = [entry];
    const api = apiStub({
      'GET /me': operator,
      'GET /companies': () => json(200, { items: companies, nextCursor: null }),
      'POST /companies': async (request: Request) => {
        const body = await request.json();
        companies.push({ id: 'c2', ...body });
        return json(201, { ...demoCompany, id: 'c2', ...body });
      },
      'GET /companies/c2': { ...demoCompany, id: 'c2', name: 'Sage Builders', erpSystem: 'sage300' },
      'GET /companies/c2/users': { items: [], nextCursor: null },
    });
    const router = renderApp('/companies', api.server);
    await userEvent.click(await screen.findByRole('button', { name: 'New company' }));
    const dialog = await screen.findByRole('dialog', { name: 'New company' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Name')));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Sage Builders');
    await userEvent.selectOptions(within(dialog).getByLabelText('ERP system'), 'Sage 300 CRE');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create company' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies/c2/users'));
    expect(api.calls[0]?.body).toEqual({
      name: 'Sage Builders',
      timeZone: 'America/Chicago',
      erpSystem: 'sage300',
    });
    expect(await screen.findByRole('heading', { name: 'Users and permissions' })).toBeTruthy();
  });
});
