import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

const admin = { ...approverMe, companies: [{ ...approverMe.companies[0], erpPermission: 'admin' }] };
const webhook = {
  id: 'w1',
  url: 'https://hooks.example.com/ledgergate',
  events: ['request.accepted', 'request.synced'],
  active: true,
  createdAt: '2026-03-01T15:00:00Z',
};
const routes = {
  'GET /me': admin,
  'GET /companies/c1': demoCompany,
  'GET /companies/c1/webhooks': { items: [webhook], nextCursor: null },
  'GET /companies/c1/webhooks/w1/deliveries': { items: [], nextCursor: null },
};

describe('Rotate secret', () => {
  it('asks first, then shows the new secret once and until when the old one signs', async () => {
    const user = userEvent.setup();
    const api = apiStub({
      ...routes,
      'POST /companies/c1/webhooks/w1/rotate-secret': () =>
        json(200, {
          secret: 'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0',
          previousSecretExpiresAt: '2026-03-05T15:00:00.000Z',
        }),
    });
    renderApp('/companies/c1/webhooks/w1', api.server);
    await user.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const question = await screen.findByRole('dialog', { name: 'Rotate secret?' });
    expect(question.textContent).toContain(
      'For 24 hours they also carry a signature made with the old secret',
    );
    expect(api.calls).toEqual([]);
    await user.click(within(question).getByRole('button', { name: 'Rotate secret' }));

    const secret = await screen.findByRole('dialog', { name: 'New webhook secret' });
    expect(within(secret).getByText("Store it now; it won't be shown again.")).toBeTruthy();
    const field = within(secret).getByLabelText('Signing secret') as HTMLInputElement;
    expect(field.value).toBe('whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0');
    await waitFor(() => expect(document.activeElement).toBe(field));
    const until = within(secret).getByText('Mar 5, 2026, 9:00 AM CST');
    expect(until.getAttribute('dateTime')).toBe('2026-03-05T15:00:00.000Z');
    expect(until.parentElement?.textContent).toBe(
      'The old secret also signs until Mar 5, 2026, 9:00 AM CST: switch your receiver to the new one before then.',
    );
    await user.click(within(secret).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0');
    expect(api.calls).toEqual([
      { method: 'POST', path: '/api/v1/companies/c1/webhooks/w1/rotate-secret', body: {} },
    ]);

    await user.click(within(secret).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByDisplayValue(/whsec_/)).toBeNull();
  });

  it('shows the server’s reason when the webhook was deleted meanwhile', async () => {
    const user = userEvent.setup();
    const api = apiStub({
      ...routes,
      'POST /companies/c1/webhooks/w1/rotate-secret': () => problem(409, 'The webhook was deleted'),
    });
    renderApp('/companies/c1/webhooks/w1', api.server);
    await user.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const question = await screen.findByRole('dialog', { name: 'Rotate secret?' });
    await user.click(within(question).getByRole('button', { name: 'Rotate secret' }));
    expect((await within(question).findByRole('alert')).textContent).toBe('The webhook was deleted');
    expect(screen.queryByRole('dialog', { name: 'New webhook secret' })).toBeNull();
  });

  it('is offered only for an active webhook', async () => {
    const api = apiStub({
      ...routes,
      'GET /companies/c1/webhooks': { items: [{ ...webhook, active: false }], nextCursor: null },
    });
    renderApp('/companies/c1/webhooks/w1', api.server);
    expect(await screen.findByText(/Deleted: no new deliveries/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rotate secret' })).toBeNull();
  });
});
