import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const pm = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'admin' }],
};

const vendor = {
  id: 'v1',
  version: 1,
  name: 'Acme Concrete',
  active: true,
  vendorCode: 'ACME01',
  email: 'ap@acme.test',
  address: { line1: '1 Main St', city: 'Chicago', state: 'IL', zip: '60601' },
  createdBy: 'u1',
  createdAt: '2026-03-01T15:00:00Z',
  updatedAt: '2026-03-02T15:00:00Z',
  erp: { status: 'synced', vendorCode: 'ACME01' },
};

const problem = (status: number, detail: string, errors?: unknown[]) =>
  json(
    status,
    { type: 'urn:x', title: 'x', status, detail, code: 'validation_failed', ...(errors && { errors }) },
    'application/problem+json',
  );

function server(create: (body: Record<string, unknown>) => Response) {
  return async (request: Request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/v1/me') return json(200, pm);
    if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    if (pathname === '/api/v1/companies/c1/vendors' && request.method === 'POST')
      return create(await request.json());
    if (pathname === '/api/v1/companies/c1/vendors/v1') return json(200, vendor);
    return problem(404, 'Not found');
  };
}

describe('Vendor form', () => {
  it('asks for a name before sending anything', async () => {
    let posted = false;
    renderApp(
      '/companies/c1/vendors/new',
      server(() => {
        posted = true;
        return json(201, vendor);
      }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Create vendor' }));
    expect(await screen.findByText('Enter the vendor name.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Name')));
    expect(posted).toBe(false);
  });

  it('puts the server’s email error on Email', async () => {
    renderApp(
      '/companies/c1/vendors/new',
      server(() => problem(400, 'Check the fields', [{ path: 'email', message: 'Enter an email address.' }])),
    );
    await userEvent.type(await screen.findByLabelText('Name'), 'Acme');
    await userEvent.type(screen.getByLabelText('Email'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Create vendor' }));
    expect(await screen.findByText('Enter an email address.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Email')));
  });

  it('creates the vendor and opens it, synced as its code', async () => {
    let body: Record<string, unknown> | undefined;
    const router = renderApp(
      '/companies/c1/vendors/new',
      server((b) => {
        body = b;
        return json(201, vendor);
      }),
    );
    await userEvent.type(await screen.findByLabelText('Name'), 'Acme Concrete');
    await userEvent.type(screen.getByLabelText('City'), 'Chicago');
    await userEvent.click(screen.getByRole('button', { name: 'Create vendor' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies/c1/vendors/v1'));
    expect(body).toEqual({ name: 'Acme Concrete', active: true, email: null, address: { city: 'Chicago' } });
    expect(await screen.findByText('Synced as ACME01')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Re-send to ERP' })).toBeTruthy();
  });
});

describe('Vendor ERP panel', () => {
  it('shows a rejection from erp.lastOutcome (A9), also to a project-only user', async () => {
    const reader = {
      ...pm,
      companies: [{ ...pm.companies[0], erpPermission: 'none' }],
    };
    renderApp('/companies/c1/vendors/v1', async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/v1/me') return json(200, reader);
      if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
      if (pathname === '/api/v1/companies/c1/vendors/v1')
        return json(200, {
          ...vendor,
          vendorCode: null,
          erp: {
            status: 'not_sent',
            lastOutcome: {
              status: 'rejected',
              comment: 'Use the remit-to address',
              by: { id: 'u2', name: 'approver@demo.test', email: 'approver@demo.test' },
              at: '2026-03-04T15:05:00Z',
            },
          },
        });
      return problem(404, 'Not found');
    });
    expect(
      await screen.findByText(
        'Rejected by approver@demo.test on Mar 4, 2026, 9:05 AM CST: “Use the remit-to address”',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Re-send to ERP' })).toBeTruthy();
  });
});
