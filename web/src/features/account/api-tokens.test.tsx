import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const nightly: Token = {
  id: 't1',
  name: 'Nightly report',
  createdAt: '2026-03-01T15:00:00.000Z',
  lastUsedAt: '2026-03-09T18:30:00.000Z',
  expiresAt: '2026-06-01T15:00:00.000Z',
};
const oldImport: Token = {
  id: 't2',
  name: 'Old import',
  createdAt: '2026-01-05T15:00:00.000Z',
  lastUsedAt: null,
  expiresAt: '2026-02-01T15:00:00.000Z',
};

/** The account page over a token store the stub's routes read and change, as the server would. */
function tokensApi(tokens: Token[]) {
  return apiStub({
    'GET /me': approverMe,
    'GET /companies': { items: [], nextCursor: null },
    'GET /companies/c1': demoCompany,
    'GET /auth/tokens': () => json(200, { items: tokens }),
    'POST /auth/tokens': async (request: Request) => {
      const body = (await request.json()) as { name: string; expiresAt?: string };
      const token = {
        id: `t${tokens.length + 1}`,
        name: body.name,
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        expiresAt: body.expiresAt ?? null,
      };
      tokens.unshift(token);
      return json(201, { id: token.id, token: 'lg_secret-token', expiresAt: token.expiresAt });
    },
    'DELETE /auth/tokens/:id': (_: Request, { id }: Record<string, string>) => {
      tokens.splice(
        tokens.findIndex((t) => t.id === id),
        1,
      );
      return new Response(null, { status: 204 });
    },
  });
}

const rowOf = (table: HTMLElement, name: string) =>
  within(table).getByRole('rowheader', { name }).closest('tr') as HTMLElement;

describe('API tokens', () => {
  // Only `Date` is faked: "Expired" and a new token's expiresAt depend on now, timers stay real.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-10T12:00:00.000Z') }));
  afterEach(() => vi.useRealTimers());

  it('lists the tokens with their dates in the company’s zone', async () => {
    renderApp('/account', tokensApi([nightly, oldImport]).server);
    const table = await screen.findByRole('table', { name: 'Your API tokens, newest first' });
    await within(table).findByRole('rowheader', { name: 'Nightly report' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Created', 'Last used', 'Expires', 'Actions']);
    const cells = (name: string) =>
      within(rowOf(table, name))
        .getAllByRole('cell')
        .map((td) => td.textContent);
    expect(cells('Nightly report')).toEqual(['Mar 1, 2026', 'Mar 9, 2026', 'Jun 1, 2026', 'Revoke']);
    expect(cells('Old import')).toEqual(['Jan 5, 2026', 'Never', 'Expired', 'Revoke']);
    const created = within(rowOf(table, 'Nightly report')).getByText('Mar 1, 2026');
    expect(created.getAttribute('dateTime')).toBe(nightly.createdAt);
    expect(created.getAttribute('title')).toBe('Mar 1, 2026, 9:00 AM CST');
    expect(within(rowOf(table, 'Old import')).getByText('Expired').getAttribute('title')).toBe(
      'Feb 1, 2026, 9:00 AM CST',
    );
  });

  it('says when there are no tokens yet', async () => {
    renderApp('/account', tokensApi([]).server);
    expect(await screen.findByText(/No API tokens yet/)).toBeTruthy();
  });

  it('revokes a token after asking, and its row goes', async () => {
    const user = userEvent.setup();
    const api = tokensApi([nightly, oldImport]);
    renderApp('/account', api.server);
    const table = await screen.findByRole('table', { name: 'Your API tokens, newest first' });
    await user.click(await within(table).findByRole('button', { name: 'Revoke the token Nightly report' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Nightly report?' });
    expect(dialog.textContent).toContain('Scripts that send this token stop working at once.');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(within(table).queryByRole('rowheader', { name: 'Nightly report' })).toBeNull(),
    );
    expect(within(table).getByRole('rowheader', { name: 'Old import' })).toBeTruthy();
    expect(api.calls).toEqual([{ method: 'DELETE', path: '/api/v1/auth/tokens/t1', body: undefined }]);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'API tokens' })),
    );
  });

  it('keeps the token when the question is cancelled', async () => {
    const user = userEvent.setup();
    const api = tokensApi([nightly]);
    renderApp('/account', api.server);
    await user.click(await screen.findByRole('button', { name: 'Revoke the token Nightly report' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Nightly report?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('rowheader', { name: 'Nightly report' })).toBeTruthy();
    expect(api.calls).toEqual([]);
  });

  it('shows a new token once, with Copy, and lists it at once', async () => {
    const user = userEvent.setup();
    const api = tokensApi([]);
    renderApp('/account', api.server);
    await screen.findByText(/No API tokens yet/);
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('Enter a name that says what the token is for.')).toBeTruthy();
    await user.type(screen.getByLabelText('Token name'), 'Nightly report');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API token' });
    expect((within(dialog).getByLabelText('Token') as HTMLInputElement).value).toBe('lg_secret-token');
    expect(within(dialog).getByText("Store it now; it won't be shown again.")).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('lg_secret-token');
    expect(api.calls[0]?.body).toEqual({ name: 'Nightly report' });
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByDisplayValue('lg_secret-token')).toBeNull();
    const row = rowOf(screen.getByRole('table'), 'Nightly report');
    expect(
      within(row)
        .getAllByRole('cell')
        .map((td) => td.textContent),
    ).toEqual(['Mar 10, 2026', 'Never', 'Never', 'Revoke']);
  });

  it('sends the chosen expiry as expiresAt', async () => {
    const user = userEvent.setup();
    const api = tokensApi([]);
    renderApp('/account', api.server);
    await screen.findByText(/No API tokens yet/);
    const expiry = screen.getByLabelText('Expires') as HTMLSelectElement;
    expect([...expiry.options].map((o) => o.textContent)).toEqual(['Never', '30 days', '90 days', '1 year']);
    await user.type(screen.getByLabelText('Token name'), 'Deploy bot');
    await user.selectOptions(expiry, '90 days');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API token' });
    expect(api.calls[0]?.body).toEqual({ name: 'Deploy bot', expiresAt: '2026-06-08T12:00:00.000Z' });
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const row = rowOf(screen.getByRole('table'), 'Deploy bot');
    expect(within(row).getByText('Jun 8, 2026').getAttribute('dateTime')).toBe('2026-06-08T12:00:00.000Z');
  });
});
