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
      'GET /auth/tokens': { items: [] },
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
});
