import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { demoCompany, json, renderApp } from '../../testing/render-app.tsx';
import { changeOrder, pm, problemOf, recordsServer, rejectedErp } from '../commitments/test-fixtures.ts';

const base = '/api/v1/companies/c1/projects/p1/commitments/k1';
const comment = 'Split the rebar into its own line';

// The first test of a file also loads the lazy routes: on a busy machine that takes more than 1 s.
configure({ asyncUtilTimeout: 5000 });

describe('Change orders of a commitment', () => {
  it('lists each change order with its total and ERP status, and a rejected one’s comment (E19)', async () => {
    const { handler } = recordsServer({
      [`GET ${base}/change-orders`]: () =>
        json(200, {
          items: [
            { ...changeOrder, lines: undefined, lineCount: 1, erp: rejectedErp(comment) },
            {
              ...changeOrder,
              id: 'o2',
              number: 'CCO-002',
              title: 'Pump truck',
              total: '1200.00',
              lines: undefined,
              lineCount: 3,
              erp: { status: 'synced' },
            },
          ],
          nextCursor: null,
        }),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    const list = within((await screen.findByRole('heading', { name: 'Change orders' })).closest('section')!);
    const first = (await list.findByRole('link', { name: 'CCO-001' })).closest('tr')!;
    expect(within(first).getByText('Extra rebar')).toBeTruthy();
    expect(within(first).getByText('$250.00')).toBeTruthy();
    expect(await within(first).findByText('Rejected')).toBeTruthy();
    expect(
      within(first).getByText('Rejected by Demo approver: “Split the rebar into its own line”'),
    ).toBeTruthy();
    const second = list.getByRole('link', { name: 'CCO-002' }).closest('tr')!;
    expect(within(second).getByText('Synced')).toBeTruthy();
    expect(within(second).getByText('$1,200.00')).toBeTruthy();
    expect(list.getByRole('link', { name: 'New change order' }).getAttribute('href')).toBe(
      '/companies/c1/projects/p1/commitments/k1/change-orders/new',
    );
  });

  it('says how change orders appear when there are none', async () => {
    const { handler } = recordsServer();
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    expect(
      await screen.findByText(
        'No change orders yet. They appear here when someone adds one with New change order.',
      ),
    ).toBeTruthy();
  });
});

describe('Change order page', () => {
  it('shows a rejected change order editable, with the comment and Re-send to ERP (E19)', async () => {
    const { handler } = recordsServer({
      [`GET ${base}/change-orders/o1`]: () => json(200, { ...changeOrder, erp: rejectedErp(comment) }),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1/change-orders/o1', handler);
    expect(
      await screen.findByText(
        'Rejected by Demo approver on Mar 4, 2026, 9:05 AM CST: “Split the rebar into its own line”',
      ),
    ).toBeTruthy();
    expect((screen.getByLabelText('Title') as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Re-send to ERP' })).toBeTruthy();
    // Only a synced change order is reversed; this one is corrected in place.
    expect(screen.queryByRole('button', { name: 'Reverse change order' })).toBeNull();
  });

  it('keeps a synced change order locked and says the ERP owns it', async () => {
    const { handler } = recordsServer({
      [`GET ${base}/change-orders/o1`]: () => json(200, { ...changeOrder, erp: { status: 'synced' } }),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1/change-orders/o1', handler);
    expect(await screen.findByText('Synced change orders stay locked; Spectrum owns them now.')).toBeTruthy();
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Re-send to ERP' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove line 1' })).toBeNull();
  });

  it('locks the change order while it waits for approval', async () => {
    const { handler } = recordsServer({
      [`GET ${base}/change-orders/o1`]: () =>
        json(200, { ...changeOrder, erp: { status: 'ready_to_export', requestId: 'r1' } }),
      'GET /api/v1/companies/c1/erp/requests/r1': () =>
        json(200, { id: 'r1', status: 'ready_to_export', sentAt: '2026-03-04T15:00:00Z', error: null }),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1/change-orders/o1', handler);
    expect(
      await screen.findByText('Locked while waiting for approval — Retrieve from ERP to edit.'),
    ).toBeTruthy();
    expect((screen.getByLabelText('Number') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });
});

describe('Reverse change order', () => {
  const syncedOrder = { ...changeOrder, erp: { status: 'synced', ids: { changeRequest: 'CR-7' } } };
  const reversal = {
    ...changeOrder,
    id: 'o9',
    version: 1,
    number: 'CCO-001-R',
    title: 'Reverses CCO-001',
    description: null,
    status: 'draft',
    total: '-250.00',
    erp: { status: 'not_sent' },
    lines: [{ costCode: '03-300', costType: 'M', amount: '-250.00', description: null }],
  };
  const row = (order: typeof changeOrder | typeof reversal) => ({ ...order, lines: undefined, lineCount: 1 });

  it('reverses a synced change order into a new draft, opens it and refreshes the list (Sage 300 CRE)', async () => {
    let reversed = false;
    const { handler, seen } = recordsServer({
      'GET /api/v1/companies/c1': () => json(200, { ...demoCompany, erpSystem: 'sage300' }),
      [`GET ${base}/change-orders`]: () =>
        json(200, {
          items: reversed ? [row(syncedOrder), row(reversal)] : [row(syncedOrder)],
          nextCursor: null,
        }),
      [`GET ${base}/change-orders/o1`]: () => json(200, syncedOrder),
      [`POST ${base}/change-orders/o1/reverse`]: () => {
        reversed = true;
        return json(201, reversal);
      },
    });
    // From the commitment, so its change order list is cached when the reversal is made.
    const router = renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    await userEvent.click(await screen.findByRole('link', { name: 'CCO-001' }));

    const reverse = await screen.findByRole('button', { name: 'Reverse change order' });
    expect(reverse.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(reverse.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Sage 300 CRE never changes a synced change order: reverse it with a new change order, then send one with the right amounts.',
    );
    await userEvent.click(reverse);
    const dialog = await screen.findByRole('dialog', { name: 'Reverse change order CCO-001' });
    expect(within(dialog).getByText('Create a draft change order that reverses CCO-001?')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reverse change order' }));

    await waitFor(() =>
      expect(router.state.location.pathname).toBe(
        '/companies/c1/projects/p1/commitments/k1/change-orders/o9',
      ),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'CCO-001-R Reverses CCO-001' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    // The draft opens editable, with the negated line, and no reversal of its own.
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Reverses CCO-001');
    expect(screen.getByText('1 line · Total -$250.00')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reverse change order' })).toBeNull();
    expect(seen.filter((r) => r.method === 'POST')).toEqual([
      { method: 'POST', path: `${base}/change-orders/o1/reverse`, body: {} },
    ]);

    await userEvent.click(screen.getByRole('link', { name: 'SC-001' }));
    const list = within((await screen.findByRole('heading', { name: 'Change orders' })).closest('section')!);
    expect(await list.findByRole('link', { name: 'CCO-001-R' })).toBeTruthy();
  });

  it('shows the server’s detail in the dialog when the change order is no longer synced, and refetches it', async () => {
    const detail = 'Change order CCO-001 is not synced in Spectrum, so there is nothing to reverse.';
    const { handler, seen } = recordsServer({
      [`GET ${base}/change-orders/o1`]: () => json(200, syncedOrder),
      [`POST ${base}/change-orders/o1/reverse`]: () => problemOf(409, 'invalid_state', detail),
    });
    const router = renderApp('/companies/c1/projects/p1/commitments/k1/change-orders/o1', handler);
    const reverse = await screen.findByRole('button', { name: 'Reverse change order' });
    expect(
      screen.getByText(
        'Spectrum never changes a synced change order: reverse it with a new change order, then send one with the right amounts.',
      ),
    ).toBeTruthy();
    await userEvent.click(reverse);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reverse change order' }));

    expect((await within(dialog).findByRole('alert')).textContent).toBe(detail);
    await waitFor(() => expect(seen.filter((r) => r.path === `${base}/change-orders/o1`).length).toBe(2));
    expect(router.state.location.pathname).toBe('/companies/c1/projects/p1/commitments/k1/change-orders/o1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('offers no reversal to a user who may only read project records', async () => {
    const { handler } = recordsServer({
      'GET /api/v1/me': () =>
        json(200, { ...pm, companies: [{ ...pm.companies[0], projectPermission: 'read_only' }] }),
      [`GET ${base}/change-orders/o1`]: () => json(200, syncedOrder),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1/change-orders/o1', handler);
    expect(await screen.findByText('Synced change orders stay locked; Spectrum owns them now.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reverse change order' })).toBeNull();
  });
});

describe('New change order', () => {
  it('asks for number and title, then creates it with a line typed into the grid', async () => {
    const { handler, seen } = recordsServer({
      [`POST ${base}/change-orders`]: () => json(201, { ...changeOrder, id: 'o9' }),
      [`GET ${base}/change-orders/o9`]: () => json(200, { ...changeOrder, id: 'o9' }),
    });
    const router = renderApp('/companies/c1/projects/p1/commitments/k1/change-orders/new', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Create change order' }));
    expect(await screen.findByText('Enter the change order number.')).toBeTruthy();
    expect(screen.getByText('Enter a title.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Number'), 'CCO-001');
    await userEvent.type(screen.getByLabelText('Title'), 'Extra rebar');
    await screen.findByText('0 lines · Total $0.00');
    await userEvent.click(screen.getByRole('button', { name: 'Add line' }));
    await userEvent.keyboard('{Enter}');
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Cost code' }), '03-300');
    await userEvent.keyboard('{Tab}{Enter}');
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Cost type' }), 'M');
    await userEvent.keyboard('{Tab}Rebar{Tab}1,250.5{Enter}');
    expect(await screen.findByText('1 line · Total $1,250.50')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create change order' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(
        '/companies/c1/projects/p1/commitments/k1/change-orders/o9',
      ),
    );
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      number: 'CCO-001',
      title: 'Extra rebar',
      description: null,
      status: 'draft',
      lines: [{ costCode: '03-300', costType: 'M', amount: '1250.50', description: 'Rebar' }],
    });
  });
});
