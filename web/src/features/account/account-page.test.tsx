import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, json, renderApp } from '../../testing/render-app.tsx';

describe('Account', () => {
  it('switches one’s own daily summary off', async () => {
    const api = apiStub({
      'GET /me': approverMe,
      'GET /companies': { items: [], nextCursor: null },
      'PATCH /me/companies/c1': async (request: Request) =>
        json(200, { ...approverMe.companies[0], ...(await request.json()) }),
    });
    renderApp('/account', api.server);
    const company = await screen.findByRole('group', { name: 'Demo Builders' });
    const summary = within(company).getByRole('checkbox', {
      name: 'Email me the ERP Integrations Daily Summary',
    }) as HTMLInputElement;
    expect(summary.checked).toBe(true);
    await userEvent.click(summary);
    await waitFor(() => expect(summary.checked).toBe(false));
    expect(api.calls).toEqual([
      { method: 'PATCH', path: '/api/v1/me/companies/c1', body: { subscribeDailySummary: false } },
    ]);
  });

  it('shows a new API token once, with Copy', async () => {
    const api = apiStub({
      'GET /me': approverMe,
      'GET /companies': { items: [], nextCursor: null },
      'POST /auth/tokens': () => json(201, { id: 't1', token: 'lg_secret-token' }),
    });
    renderApp('/account', api.server);
    await userEvent.click(await screen.findByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('Enter a name that says what the token is for.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Token name'), 'Nightly report');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API token' });
    expect((within(dialog).getByLabelText('Token') as HTMLInputElement).value).toBe('lg_secret-token');
    expect(within(dialog).getByText("Store it now; it won't be shown again.")).toBeTruthy();
    expect(api.calls[0]?.body).toEqual({ name: 'Nightly report' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByDisplayValue('lg_secret-token')).toBeNull();
  });
});
