import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderApp } from '../../testing/render-app.tsx';
import { commitment, pm, problemOf, recordsServer } from './test-fixtures.ts';

const base = '/api/v1/companies/c1/projects/p1/commitments';

const preconditionList = async () =>
  (await screen.findByText("Can't send to Spectrum yet:")).closest<HTMLElement>('[role="alert"]')!;

// The first test of a file also loads the lazy routes: on a busy machine that takes more than 1 s.
configure({ asyncUtilTimeout: 5000 });

describe('Commitments list', () => {
  it('lists number, title, type, vendor, status, lines, total and ERP status, with New commitment', async () => {
    const { handler } = recordsServer();
    renderApp('/companies/c1/projects/p1/commitments', handler);
    const link = await screen.findByRole('link', { name: 'SC-001' });
    const row = link.closest('tr')!;
    expect(within(row).getByText('Concrete foundations')).toBeTruthy();
    expect(within(row).getByText('Subcontract')).toBeTruthy();
    expect(await within(row).findByText('Acme Concrete Co')).toBeTruthy();
    expect(within(row).getByText('Approved')).toBeTruthy();
    expect(within(row).getByText('$1,500.00')).toBeTruthy();
    expect(within(row).getByText('Not sent')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New commitment' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Commitments' }).getAttribute('aria-current')).toBe('page');
  });
});

describe('New commitment', () => {
  it('asks for number, title and vendor before sending anything', async () => {
    const { handler, seen } = recordsServer();
    renderApp('/companies/c1/projects/p1/commitments/new', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Create commitment' }));
    expect(await screen.findByText('Enter the commitment number.')).toBeTruthy();
    expect(screen.getByText('Enter a title.')).toBeTruthy();
    expect(screen.getByText('Choose a vendor.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Number')));
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('picks the vendor in the combo box, which shows each vendor’s ERP status, and creates the commitment', async () => {
    const { handler, seen } = recordsServer({
      [`POST ${base}`]: () => json(201, { ...commitment, id: 'k9', lines: [] }),
      [`GET ${base}/k9`]: () => json(200, { ...commitment, id: 'k9', lines: [] }),
      [`GET ${base}/k9/change-orders`]: () => json(200, { items: [], nextCursor: null }),
    });
    const router = renderApp('/companies/c1/projects/p1/commitments/new', handler);
    await userEvent.type(await screen.findByLabelText('Number'), 'SC-001');
    await userEvent.type(screen.getByLabelText('Title'), 'Concrete foundations');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Approved');
    await userEvent.type(screen.getByLabelText('Retention %'), '7.5');
    await userEvent.type(screen.getByRole('combobox', { name: 'Vendor' }), 'Sum');
    const option = await screen.findByRole('option', { name: 'Summit Drywall' });
    expect(within(option).getByText('Not sent')).toBeTruthy();
    expect(screen.queryByRole('option', { name: 'Acme Concrete Co' })).toBeNull();
    await userEvent.click(option);
    await userEvent.click(screen.getByRole('button', { name: 'Create commitment' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/companies/c1/projects/p1/commitments/k9'),
    );
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'subcontract',
      number: 'SC-001',
      title: 'Concrete foundations',
      vendorId: 'v2',
      status: 'approved',
      retentionPercent: 7.5,
      lines: [],
    });
  });

  it('puts a 400’s field findings on the fields and line findings with the lines', async () => {
    const { handler } = recordsServer({
      [`POST ${base}`]: () =>
        problemOf(400, 'validation_failed', 'Check the fields', [
          { path: 'number', message: 'SC-001 is already used by another commitment of this project' },
          { path: 'lines[0].costCode', message: '09-999 is not on the standard cost code list' },
        ]),
    });
    renderApp('/companies/c1/projects/p1/commitments/new', handler);
    await userEvent.type(await screen.findByLabelText('Number'), 'SC-001');
    await userEvent.type(screen.getByLabelText('Title'), 'Foundations');
    await userEvent.type(screen.getByRole('combobox', { name: 'Vendor' }), 'Acme');
    await userEvent.click(await screen.findByRole('option', { name: 'Acme Concrete Co' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create commitment' }));
    expect(
      await screen.findByText('SC-001 is already used by another commitment of this project'),
    ).toBeTruthy();
    expect(screen.getByText('Line 1: 09-999 is not on the standard cost code list')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Number')));
  });
});

describe('Commitment page', () => {
  it('saves with the version and keeps the input on a version conflict', async () => {
    const patches: unknown[] = [];
    const { handler } = recordsServer({
      [`PATCH ${base}/k1`]: (body) => {
        patches.push(body);
        return problemOf(409, 'version_conflict', 'The record changed');
      },
    });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    const title = await screen.findByLabelText('Title');
    await userEvent.clear(title);
    await userEvent.type(title, 'Foundations and slabs');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Someone else changed this. Reload to see their version')).toBeTruthy();
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Foundations and slabs');
    expect(patches[0]).toMatchObject({
      version: 4,
      title: 'Foundations and slabs',
      retentionPercent: 10,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '1000.00', description: 'Forms', item: 1 },
        { costCode: '03-300', costType: 'M', amount: '500.00', description: null, item: 2 },
      ],
    });
    expect(screen.getByText('2 lines · Total $1,500.00')).toBeTruthy();
  });

  it('lists every unmet rule of a send, linking a cost code not in Spectrum to Cost codes (E10, E17)', async () => {
    const { handler } = recordsServer({
      [`POST ${base}/k1/send-to-erp`]: () =>
        problemOf(422, 'precondition_failed', 'Not yet', [
          { path: 'status', message: 'Only approved commitments can be sent' },
          {
            path: 'lines[1]',
            message:
              "Cost code 05-100 × S is not yet in Spectrum: send the project's cost codes for update first",
          },
        ]),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Send to ERP' }));
    const alert = await preconditionList();
    expect(within(alert).getByText('Only approved commitments can be sent')).toBeTruthy();
    expect(within(alert).getByText(/Cost code 05-100 × S is not yet in Spectrum/)).toBeTruthy();
    expect(within(alert).getByRole('link', { name: 'Open cost codes' }).getAttribute('href')).toBe(
      '/companies/c1/projects/p1/cost-codes',
    );
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('links an unsynced vendor to its page', async () => {
    const { handler } = recordsServer({
      [`POST ${base}/k1/send-to-erp`]: () =>
        problemOf(422, 'precondition_failed', 'Not yet', [
          {
            path: 'vendorId',
            message: 'Vendor Acme Concrete Co is not yet in Spectrum: send the vendor first',
          },
        ]),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Send to ERP' }));
    const alert = await preconditionList();
    expect(within(alert).getByRole('link', { name: 'Open the vendor' }).getAttribute('href')).toBe(
      '/companies/c1/vendors/v1',
    );
  });

  it('locks the form while waiting for approval, offering Retrieve from ERP', async () => {
    const { handler } = recordsServer({
      [`GET ${base}/k1`]: () =>
        json(200, { ...commitment, erp: { status: 'ready_to_export', requestId: 'r1' } }),
      'GET /api/v1/companies/c1/erp/requests/r1': () =>
        json(200, { id: 'r1', status: 'ready_to_export', sentAt: '2026-03-04T15:00:00Z', error: null }),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    expect(
      await screen.findByText('Locked while waiting for approval — Retrieve from ERP to edit.'),
    ).toBeTruthy();
    expect((screen.getByLabelText('Title') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByRole('combobox', { name: 'Vendor' }).hasAttribute('disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add line' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Retrieve from ERP' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send to ERP' })).toBeNull();
  });

  it('keeps a synced commitment locked, with no Re-send to ERP', async () => {
    const { handler } = recordsServer({
      [`GET ${base}/k1`]: () =>
        json(200, {
          ...commitment,
          erp: { status: 'synced', ids: { vendor: 'ACME01', subcontract: 'SC-001' } },
        }),
    });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    expect(await screen.findByText('Synced with Spectrum as subcontract SC-001')).toBeTruthy();
    expect(screen.getByText('Synced commitments stay locked; Spectrum owns them now.')).toBeTruthy();
    expect((screen.getByLabelText('Number') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Re-send to ERP' })).toBeNull();
  });

  it('shows a read-only project user no edit, create or send control', async () => {
    const reader = { ...pm, companies: [{ ...pm.companies[0], projectPermission: 'read_only' }] };
    const { handler } = recordsServer({ 'GET /api/v1/me': () => json(200, reader) });
    renderApp('/companies/c1/projects/p1/commitments/k1', handler);
    expect(await screen.findByRole('heading', { name: 'SC-001 Concrete foundations' })).toBeTruthy();
    expect((screen.getByLabelText('Title') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send to ERP' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'New change order' })).toBeNull();
    expect(screen.getByText('Not sent to Spectrum')).toBeTruthy();
  });
});
