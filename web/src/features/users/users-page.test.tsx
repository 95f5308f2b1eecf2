import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const admin = {
  ...approverMe,
  id: 'u-admin',
  companies: [{ ...approverMe.companies[0], erpPermission: 'admin', canPushToAccounting: false }],
};
const operator = { ...approverMe, id: 'u-op', isOperator: true, companies: [] };
const users = [
  {
    id: 'u1',
    email: 'approver@demo.test',
    name: 'Demo approver',
    erpPermission: 'standard',
    projectPermission: 'read_only',
    canPushToAccounting: true,
    subscribeDailySummary: true,
    version: 3,
  },
  {
    id: 'u2',
    email: 'viewer@demo.test',
    name: 'Demo viewer',
    erpPermission: 'standard',
    projectPermission: 'none',
    canPushToAccounting: false,
    subscribeDailySummary: false,
    version: 1,
  },
];

function stub(me: unknown) {
  return apiStub({
    'GET /me': me,
    'GET /companies': { items: [demoCompany], nextCursor: null },
    'GET /companies/c1': demoCompany,
    'GET /companies/c1/users': { items: users, nextCursor: null },
    'PATCH /companies/c1/users/:u': async (request: Request, { u }: Record<string, string>) => {
      const { version: _version, ...body } = await request.json();
      const user = users.find((x) => x.id === u);
      return json(200, { ...user, ...body, version: (user?.version ?? 0) + 1 });
    },
    'POST /companies/c1/users': async (request: Request) => {
      const body = await request.json();
      return json(201, {
        id: 'u3',
        ...body,
        canPushToAccounting: false,
        subscribeDailySummary: true,
        version: 1,
      });
    },
  });
}

const row = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

describe('Users and permissions', () => {
  it('shows an ERP admin Can Push to Accounting disabled with its reason, and the approver badge', async () => {
    renderApp('/companies/c1/users', stub(admin).server);
    await screen.findByRole('cell', { name: 'viewer@demo.test' });
    const push = within(row('Demo viewer')).getByRole('checkbox', { name: /Can Push to Accounting/ });
    expect((push as HTMLInputElement).disabled).toBe(true);
    expect(push.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(push.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Only an operator can grant this.',
    );
    expect(within(row('Demo approver')).getByText('Accounting approver')).toBeTruthy();
    expect(within(row('Demo viewer')).queryByText('Accounting approver')).toBeNull();
  });

  it('saves a permission change with the row’s version', async () => {
    const api = stub(admin);
    renderApp('/companies/c1/users', api.server);
    await screen.findByRole('cell', { name: 'viewer@demo.test' });
    await userEvent.selectOptions(
      within(row('Demo viewer')).getByRole('combobox', { name: 'Project tools for Demo viewer' }),
      'Admin',
    );
    await waitFor(() =>
      expect(api.calls).toEqual([
        {
          method: 'PATCH',
          path: '/api/v1/companies/c1/users/u2',
          body: { projectPermission: 'admin', version: 1 },
        },
      ]),
    );
    await userEvent.click(
      within(row('Demo viewer')).getByRole('checkbox', { name: 'Daily summary for Demo viewer' }),
    );
    await waitFor(() => expect(api.calls[1]?.body).toEqual({ subscribeDailySummary: true, version: 2 }));
  });

  it('lets an operator tick Can Push to Accounting, which makes the user an approver', async () => {
    const api = stub(operator);
    renderApp('/companies/c1/users', api.server);
    await screen.findByRole('cell', { name: 'viewer@demo.test' });
    expect(screen.queryByText('Only an operator can grant this.')).toBeNull();
    const push = within(row('Demo viewer')).getByRole('checkbox', { name: /Can Push to Accounting/ });
    await userEvent.click(push);
    await waitFor(() => expect(api.calls[0]?.body).toEqual({ canPushToAccounting: true, version: 1 }));
    expect(await within(row('Demo viewer')).findByText('Accounting approver')).toBeTruthy();
  });

  it('adds a user without a password, with both permissions', async () => {
    const api = stub(admin);
    renderApp('/companies/c1/users', api.server);
    await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Email')));
    await userEvent.type(within(dialog).getByLabelText('Email'), 'pm2@demo.test');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Second PM');
    await userEvent.selectOptions(within(dialog).getByLabelText('Project tools'), 'Admin');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls[0]).toEqual({
      method: 'POST',
      path: '/api/v1/companies/c1/users',
      body: { email: 'pm2@demo.test', name: 'Second PM', erpPermission: 'none', projectPermission: 'admin' },
    });
  });
});
