import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const admin = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'admin' }],
};
const connection = {
  system: 'spectrum',
  settings: { baseUrl: 'http://wrong.test', companyCode: 'DEM', standardJob: 'STD', defaultTaxable: true },
  hasCredentials: true,
  version: 1,
  updatedAt: '2026-03-01T15:00:00Z',
};

describe('ERP connection', () => {
  it('never shows the saved Authorization ID, keeps it when left blank, and replaces it when typed', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/erp/connection': connection,
      'PUT /companies/c1/erp/connection': { ...connection, version: 2 },
    });
    renderApp('/companies/c1/erp/connection', api.server);
    const authorization = (await screen.findByLabelText('Authorization ID')) as HTMLInputElement;
    expect(authorization.value).toBe('');
    expect(authorization.type).toBe('password');
    expect(screen.getByText(/^Saved — type a new value to replace it/)).toBeTruthy();
    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe('http://wrong.test');

    const url = screen.getByLabelText('Server URL');
    await userEvent.clear(url);
    await userEvent.type(url, 'http://spectrum.test');
    await userEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(api.calls).toHaveLength(1));
    const settings = {
      system: 'spectrum',
      baseUrl: 'http://spectrum.test',
      companyCode: 'DEM',
      standardJob: 'STD',
      defaultTaxable: true,
    };
    expect(api.calls[0]?.body).toEqual(settings);

    await userEvent.type(authorization, 'DEMO');
    await userEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]?.body).toEqual({ ...settings, authorizationId: 'DEMO' });
    await waitFor(() => expect(authorization.value).toBe(''));
  });

  it('puts the server’s field error on its field', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/erp/connection': connection,
      'PUT /companies/c1/erp/connection': () =>
        json(
          400,
          {
            type: 'urn:x',
            title: 'Bad',
            status: 400,
            detail: 'The request is not valid',
            code: 'validation_failed',
            errors: [{ path: '/body/phaseMask', message: 'must match pattern "^[#AX-]{1,30}$"' }],
          },
          'application/problem+json',
        ),
    });
    renderApp('/companies/c1/erp/connection', api.server);
    await userEvent.type(await screen.findByLabelText('Authorization ID'), 'DEMO');
    await userEvent.type(screen.getByLabelText('Phase mask'), '99');
    await userEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByText('must match pattern "^[#AX-]{1,30}$"')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Phase mask')));
  });

  it('announces a failed test with the ERP’s reason, then Connected', async () => {
    const answers = [
      { ok: false, message: 'Spectrum could not be reached at http://wrong.test: connection refused' },
      { ok: true, message: 'Connected to Spectrum company DEM: standard job STD has 42 phases' },
    ];
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': demoCompany,
      'GET /companies/c1/erp/connection': connection,
      'POST /companies/c1/erp/connection/test': () => json(200, answers.shift()),
    });
    renderApp('/companies/c1/erp/connection', api.server);
    const status = await screen.findByRole('status', { name: 'Connection test' });
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(status.textContent).toBe(
        'Spectrum could not be reached at http://wrong.test: connection refused',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(status.textContent).toMatch(/^Connected — .*42 phases$/));
  });

  it('starts empty when the company has no connection yet, and shows Sage 300 CRE its job mask', async () => {
    const api = apiStub({
      'GET /me': admin,
      'GET /companies/c1': { ...demoCompany, erpSystem: 'sage300' },
      'GET /companies/c1/erp/agent': {
        status: 'awaiting_setup',
        lastSeenAt: null,
        version: null,
        hostname: null,
        pairedAt: null,
        sage: null,
      },
      'PUT /companies/c1/erp/connection': {
        ...connection,
        system: 'sage300',
        settings: { jobMask: '##-###' },
      },
    });
    renderApp('/companies/c1/erp/connection', api.server);
    await userEvent.type(await screen.findByLabelText('Job mask'), '##-###');
    expect(screen.queryByLabelText('Server URL')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(api.calls[0]?.body).toEqual({ system: 'sage300', jobMask: '##-###' }));
  });
});
