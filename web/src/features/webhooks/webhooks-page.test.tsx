import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const admin = { ...approverMe, companies: [{ ...approverMe.companies[0], erpPermission: 'admin' }] };
const webhook = {
  id: 'w1',
  url: 'https://hooks.example.com/ledgergate',
  events: ['request.accepted', 'request.synced'],
  active: true,
  createdAt: '2026-03-01T15:00:00Z',
};
const delivery = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  eventId: 'e1',
  eventType: 'request.accepted',
  status: 'failed',
  attempts: 5,
  responseStatus: null,
  lastError: 'connect ECONNREFUSED',
  replayOf: null,
  createdAt: '2026-03-04T15:00:00Z',
  deliveredAt: null,
  ...extra,
});

describe('Webhooks', () => {
  it('shows the new webhook’s secret once, with Copy', async () => {
    const user = userEvent.setup();
    const hooks: (typeof webhook)[] = [];
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/webhooks': () => json(200, { items: hooks, nextCursor: null }),
      'POST /companies/c1/webhooks': async (request: Request) => {
        const body = await request.json();
        hooks.push({ ...webhook, ...body });
        return json(201, { ...webhook, ...body, secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=' });
      },
    });
    renderApp('/companies/c1/webhooks', api.server);
    expect(await screen.findByText(/No webhooks yet/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook' });
    await user.type(within(dialog).getByLabelText('URL'), 'https://hooks.example.com/ledgergate');
    await user.click(within(dialog).getByRole('checkbox', { name: 'request.sent' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add webhook' }));

    const secret = await screen.findByRole('dialog', { name: 'Webhook secret' });
    expect(within(secret).getByText("Store it now; it won't be shown again.")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(secret).getByLabelText('Signing secret')));
    expect((within(secret).getByLabelText('Signing secret') as HTMLInputElement).value).toBe(
      'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
    );
    await user.click(within(secret).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=');
    expect(api.calls[0]?.body).toEqual({
      url: 'https://hooks.example.com/ledgergate',
      events: [
        'request.accepted',
        'request.rejected',
        'request.synced',
        'request.failed',
        'request.retrieved',
        'sync.finished',
      ],
    });

    await user.click(within(secret).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(/whsec_/)).toBeNull();
    expect(await screen.findByRole('link', { name: 'https://hooks.example.com/ledgergate' })).toBeTruthy();
  });

  it('confirms a delete with what it does', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/webhooks': { items: [webhook], nextCursor: null },
      'DELETE /companies/c1/webhooks/w1': () => new Response(null, { status: 204 }),
    });
    renderApp('/companies/c1/webhooks', api.server);
    await userEvent.click(await screen.findByRole('button', { name: /^Delete the webhook/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete webhook?' });
    expect(dialog.textContent).toContain('Stops deliveries; past deliveries stay readable.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls).toEqual([
      { method: 'DELETE', path: '/api/v1/companies/c1/webhooks/w1', body: undefined },
    ]);
  });
});

describe('Webhook deliveries', () => {
  it('replays a failed delivery, and the new delivery appears', async () => {
    const deliveries = [delivery('d1')];
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/webhooks': { items: [webhook], nextCursor: null },
      'GET /companies/c1/webhooks/w1/deliveries': () => json(200, { items: deliveries, nextCursor: null }),
      'POST /companies/c1/webhooks/w1/deliveries/d1/replay': () => {
        deliveries.unshift(
          delivery('d2', {
            status: 'delivered',
            attempts: 1,
            responseStatus: 200,
            lastError: null,
            replayOf: 'd1',
            deliveredAt: '2026-03-04T15:10:00Z',
          }),
        );
        return json(202, { deliveryId: 'd2' });
      },
    });
    renderApp('/companies/c1/webhooks/w1', api.server);
    const table = await screen.findByRole('table', { name: 'Deliveries, newest first' });
    await within(table).findByText('connect ECONNREFUSED');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    await userEvent.click(within(table).getByRole('button', { name: /^Replay/ }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const replayed = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(replayed).getByText('Delivered')).toBeTruthy();
    expect(within(replayed).getByText('200')).toBeTruthy();
    expect(within(replayed).getByText('Mar 4, 2026, 9:10 AM CST')).toBeTruthy();
  });

  it('reads Not found for a webhook of another company', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/webhooks': { items: [webhook], nextCursor: null },
    });
    renderApp('/companies/c1/webhooks/w9', api.server);
    expect(await screen.findByText(/belongs to a company you're not a member of/)).toBeTruthy();
  });
});
