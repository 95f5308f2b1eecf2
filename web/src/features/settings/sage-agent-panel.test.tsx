import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

const admin = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'admin' }],
};
const sageCompany = { ...demoCompany, erpSystem: 'sage300' };
const connection = {
  system: 'sage300',
  settings: { jobMask: '##-####' },
  hasCredentials: false,
  version: 1,
  updatedAt: '2026-03-01T15:00:00Z',
};
const awaiting = {
  status: 'awaiting_setup',
  lastSeenAt: null,
  version: null,
  hostname: null,
  pairedAt: null,
  sage: null,
};
const online = {
  status: 'online',
  lastSeenAt: '2026-03-04T15:05:00Z',
  version: '1.4.0',
  hostname: 'SAGE-SRV01',
  pairedAt: '2026-03-02T16:00:00Z',
  sage: { reachable: true, writable: true },
};

function stub(agent: () => unknown, extra: Record<string, unknown> = {}) {
  return apiStub({
    'GET /me': admin,
    'GET /companies/c1': sageCompany,
    'GET /companies/c1/erp/connection': connection,
    'GET /companies/c1/erp/agent': () => json(200, agent()),
    ...extra,
  });
}

const agentStatus = () => screen.findByRole('status', { name: 'Sage agent status' });

describe('Sage agent on the ERP connection page', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates an activation code and shows it once, with its expiry, the commands and Copy', async () => {
    const api = stub(() => awaiting, {
      'POST /companies/c1/erp/agent/activation-codes': () =>
        json(201, { code: 'K7QD-9M2P', expiresAt: '2026-03-04T15:20:00Z' }),
    });
    renderApp('/companies/c1/erp/connection', api.server);
    expect(await screen.findByRole('heading', { name: 'Sage agent', level: 2 })).toBeTruthy();
    await waitFor(async () => expect((await agentStatus()).textContent).toBe('Awaiting setup'));
    expect(screen.queryByRole('button', { name: 'Unpair agent' })).toBeNull();

    const region = screen.getByRole('status', { name: 'Activation code' });
    expect(region.textContent).toBe('');
    await userEvent.click(screen.getByRole('button', { name: 'Create activation code' }));
    await waitFor(() => expect(region.textContent).toMatch(/K7QD-9M2P/));
    expect(api.calls).toEqual([
      { method: 'POST', path: '/api/v1/companies/c1/erp/agent/activation-codes', body: {} },
    ]);
    // The expiry in the company's zone and locale (America/Chicago, en-US), as every instant of the app.
    expect(within(region).getByText(/valid until/).textContent).toBe(
      'Activation code K7QD-9M2P, valid until Mar 4, 2026, 9:20 AM CST.',
    );
    expect(within(region).getByText(/works once, for 15 minutes/)).toBeTruthy();
    const commands = [
      `ledgergate agent activate --hub ${window.location.origin} --code K7QD-9M2P`,
      'ledgergate agent run --sage <Sage company URL>',
    ].join('\n');
    expect(region.querySelector('pre')?.textContent).toBe(commands);

    await userEvent.click(within(region).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(commands);
    expect(within(region).getByText('Copied to the clipboard.')).toBeTruthy();
  });

  it('says why a code was refused, in the server’s words', async () => {
    const api = stub(() => awaiting, {
      'POST /companies/c1/erp/agent/activation-codes': () =>
        json(
          422,
          {
            type: 'urn:x',
            title: 'Precondition failed',
            status: 422,
            detail: 'Only a Sage 300 CRE company pairs an agent',
            code: 'precondition_failed',
            errors: [{ path: 'erpSystem', message: 'this company uses spectrum, which needs no agent' }],
          },
          'application/problem+json',
        ),
    });
    renderApp('/companies/c1/erp/connection', api.server);
    await userEvent.click(await screen.findByRole('button', { name: 'Create activation code' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Only a Sage 300 CRE company pairs an agent this company uses spectrum, which needs no agent',
    );
    expect(screen.getByRole('status', { name: 'Activation code' }).textContent).toBe('');
  });

  it('shows an online agent’s server, version and Sage’s state, and unpairs it after confirmation', async () => {
    let agent: unknown = online;
    const api = stub(() => agent, {
      'DELETE /companies/c1/erp/agent': () => {
        agent = awaiting;
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/companies/c1/erp/connection', api.server);
    await waitFor(async () => expect((await agentStatus()).textContent).toBe('Online'));
    expect(screen.getByText('Server: SAGE-SRV01')).toBeTruthy();
    expect(screen.getByText('Agent version: 1.4.0')).toBeTruthy();
    expect(screen.getByText('Sage 300 CRE reachable, takes writes')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Unpair agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unpair the Sage agent?' });
    expect(dialog.textContent).toMatch(/The agent on SAGE-SRV01 stops working at once\./);
    // Cancel changes nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Unpair agent' }));
    const again = await screen.findByRole('dialog', { name: 'Unpair the Sage agent?' });
    await userEvent.click(within(again).getByRole('button', { name: 'Unpair' }));
    await waitFor(async () => expect((await agentStatus()).textContent).toBe('Awaiting setup'));
    expect(api.calls).toEqual([
      { method: 'DELETE', path: '/api/v1/companies/c1/erp/agent', body: undefined },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Unpair agent' })).toBeNull();
    // The trigger left with the agent: focus is on the section, not lost on the page's body.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Sage agent' })),
    );
  });

  it('keeps an open dialog and the code shown when a company with no connection saved refreshes', async () => {
    let asked = 0;
    const api = stub(() => online, {
      'GET /companies/c1/erp/connection': async () => {
        asked += 1;
        // Slow enough for the page to render while it asks again.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return problem(404, 'No ERP connection yet');
      },
      'POST /companies/c1/erp/agent/activation-codes': () =>
        json(201, { code: 'K7QD-9M2P', expiresAt: '2026-03-04T15:20:00Z' }),
    });
    const router = renderApp('/companies/c1/erp/connection', api.server);
    await userEvent.click(await screen.findByRole('button', { name: 'Create activation code' }));
    await screen.findByText('K7QD-9M2P');
    await userEvent.click(screen.getByRole('button', { name: 'Unpair agent' }));
    await screen.findByRole('dialog', { name: 'Unpair the Sage agent?' });

    // What a finished sync does to the company's settings (live-events.tsx, invalidateSync).
    await act(() => router.options.context.queryClient.invalidateQueries({ queryKey: ['c', 'c1', 'erp'] }));
    await waitFor(() => expect(asked).toBe(2));
    expect(screen.getByRole('dialog', { name: 'Unpair the Sage agent?' })).toBeTruthy();
    expect(screen.getByText('K7QD-9M2P')).toBeTruthy();
  });

  it('keeps the dialog open with the server’s reason when unpairing fails', async () => {
    const api = stub(() => online, {
      'DELETE /companies/c1/erp/agent': () => problem(403, 'Only an ERP admin can do this'),
    });
    renderApp('/companies/c1/erp/connection', api.server);
    await userEvent.click(await screen.findByRole('button', { name: 'Unpair agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unpair the Sage agent?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Unpair' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      "You don't have permission to unpair the Sage agent. Only an ERP admin can do this",
    );
  });

  it('reads Degraded with the agent’s reason, and Offline since the last heartbeat', async () => {
    // Before the first render, so that the query's 5 s interval runs on the fake clock.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let agent: unknown = {
      ...online,
      status: 'degraded',
      sage: { reachable: true, writable: false, reason: 'backup lock: the file is in use' },
    };
    const api = stub(() => agent);
    renderApp('/companies/c1/erp/connection', api.server);
    await waitFor(async () =>
      expect((await agentStatus()).textContent).toBe('Degraded: backup lock: the file is in use'),
    );
    expect(screen.getByText('backup lock: the file is in use')).toBeTruthy();

    // Nothing tells the page an agent went away: it asks again every 5 seconds.
    agent = { ...online, status: 'offline', sage: null };
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    await waitFor(async () =>
      expect((await agentStatus()).textContent).toBe('Offline since Mar 4, 2026, 9:05 AM CST'),
    );
    expect((await agentStatus()).querySelector('time')?.getAttribute('dateTime')).toBe(
      '2026-03-04T15:05:00Z',
    );
  });

  it('is not shown for a Spectrum company', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/erp/connection': { ...connection, system: 'spectrum', settings: {} },
    });
    renderApp('/companies/c1/erp/connection', api.server);
    await screen.findByRole('form', { name: 'Spectrum connection' });
    expect(screen.queryByRole('heading', { name: 'Sage agent' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create activation code' })).toBeNull();
  });
});
