import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderApp } from '../../testing/render-app.tsx';
import { changeOrder, recordsServer, rejectedErp } from '../commitments/test-fixtures.ts';

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
