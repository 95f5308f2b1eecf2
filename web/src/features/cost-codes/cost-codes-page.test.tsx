import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

const pm = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'admin' }],
};

const project = (erp: Record<string, string>) => ({
  id: 'p1',
  version: 1,
  name: 'Riverside Clinic',
  number: '24-010',
  active: true,
  division: null,
  priceMethod: null,
  taxable: null,
  customerCode: null,
  costCenter: null,
  address: null,
  createdBy: 'u1',
  createdAt: '2026-03-01T15:00:00Z',
  updatedAt: '2026-03-05T03:00:00Z',
  erp,
});

const codes = {
  items: [
    {
      code: '01-100',
      description: 'General Conditions',
      costTypes: [
        { code: 'L', erpStatus: 'synced' },
        { code: 'M', erpStatus: 'not_sent' },
      ],
    },
    { code: '03-300', description: 'Concrete', costTypes: [{ code: 'S', erpStatus: 'not_sent' }] },
  ],
  nextCursor: null,
};

const serverFor = (erp: Record<string, string>) => async (request: Request) => {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/v1/me') return json(200, pm);
  if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
  if (pathname === '/api/v1/companies/c1/projects/p1') return json(200, project(erp));
  if (pathname === '/api/v1/companies/c1/projects/p1/cost-codes') return json(200, codes);
  if (pathname === '/api/v1/companies/c1/standard-cost-codes')
    return json(200, { items: [{ code: '01-100', description: 'General Conditions' }], nextCursor: null });
  if (pathname === '/api/v1/companies/c1/cost-types')
    return json(200, { items: [{ code: 'L', description: 'Labor', kind: 'labor' }], nextCursor: null });
  return problem(404, 'Not found');
};

describe('Project cost codes', () => {
  it('shows cost-type chips and offers to send new assignments of a synced project', async () => {
    renderApp('/companies/c1/projects/p1/cost-codes', serverFor({ status: 'synced', jobNumber: '24-010' }));
    expect(await screen.findByText('2 new cost-type assignments not yet in Spectrum')).toBeTruthy();
    expect(screen.getByText('L · Synced')).toBeTruthy();
    expect(screen.getByText('M · Not sent')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send to ERP' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Add cost code' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Cost code' })).toBeTruthy();
  });

  it('says codes travel with an unsynced project, with nothing to send', async () => {
    renderApp('/companies/c1/projects/p1/cost-codes', serverFor({ status: 'not_sent' }));
    expect(
      await screen.findByText('Cost codes go to Spectrum with the project when it is accepted.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send to ERP' })).toBeNull();
  });
});
