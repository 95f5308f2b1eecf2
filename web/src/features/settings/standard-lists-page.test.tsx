import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const admin = { ...approverMe, companies: [{ ...approverMe.companies[0], erpPermission: 'admin' }] };

describe('Standard lists', () => {
  it('adds a cost code while nothing was synced, and shows the server’s refusal afterwards', async () => {
    const codes = [{ code: '03-300', description: 'Cast-in-place concrete' }];
    let synced = false;
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/standard-cost-codes': () => json(200, { items: codes, nextCursor: null }),
      'GET /companies/c1/cost-types': {
        items: [{ code: 'L', description: 'Labor', kind: 'labor' }],
        nextCursor: null,
      },
      'POST /companies/c1/standard-cost-codes': async (request: Request) => {
        if (synced)
          return json(
            422,
            {
              type: 'urn:x',
              title: 'Unprocessable',
              status: 422,
              detail: 'Spectrum owns the standard cost codes since the first sync',
              code: 'precondition_failed',
            },
            'application/problem+json',
          );
        const body = await request.json();
        codes.push(body);
        return json(201, body);
      },
    });
    renderApp('/companies/c1/standard-cost-codes', api.server);
    expect(await screen.findByRole('heading', { name: 'Standard lists', level: 1 })).toBeTruthy();
    const types = await screen.findByRole('table', { name: 'Cost types' });
    expect(within(types).getByText('Labor', { selector: 'td:nth-child(3)' })).toBeTruthy();

    const form = screen.getByRole('form', { name: 'Add cost code' });
    await userEvent.type(within(form).getByLabelText('Cost code'), '09-900');
    await userEvent.type(within(form).getByLabelText('Description'), 'Painting');
    await userEvent.click(within(form).getByRole('button', { name: 'Add cost code' }));
    const table = screen.getByRole('table', { name: 'Standard cost codes' });
    expect(await within(table).findByText('09-900')).toBeTruthy();
    await waitFor(() =>
      expect((within(form).getByLabelText('Cost code') as HTMLInputElement).value).toBe(''),
    );

    synced = true;
    await userEvent.type(within(form).getByLabelText('Cost code'), '10-100');
    await userEvent.type(within(form).getByLabelText('Description'), 'Specialties');
    await userEvent.click(within(form).getByRole('button', { name: 'Add cost code' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'Spectrum owns the standard cost codes since the first sync',
    );
  });

  it('says what will appear when a list is empty', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/standard-cost-codes': { items: [], nextCursor: null },
      'GET /companies/c1/cost-types': { items: [], nextCursor: null },
    });
    renderApp('/companies/c1/standard-cost-codes', api.server);
    expect(
      await screen.findByText(
        'No standard cost codes yet. Add one above, or sync with Spectrum to read its list.',
      ),
    ).toBeTruthy();
  });
});
