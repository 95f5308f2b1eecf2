import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import { requestDetail } from './test-fixtures.ts';

const commitment = requestDetail({
  kind: 'commitment',
  subject: { id: 'k1', label: 'SC-001 Concrete' },
  snapshot: {
    id: 'k1',
    projectId: 'p1',
    jobNumber: 'J1001',
    type: 'subcontract',
    number: 'SC-001',
    title: 'Concrete',
    status: 'approved',
    retentionPercent: 10,
    vendor: { id: 'v1', name: 'Acme Concrete', vendorCode: 'ACME' },
    lines: [{ costCode: '03-300', costType: 'S', amount: '1250.00', description: null, item: 1 }],
    total: '1250.00',
  },
});

function server(request: Request) {
  const path = new URL(request.url).pathname;
  if (path === '/api/v1/me') return Promise.resolve(json(200, approverMe));
  if (path === '/api/v1/companies/c1') return Promise.resolve(json(200, demoCompany));
  if (path === '/api/v1/companies/c1/erp/requests/r1') return Promise.resolve(json(200, commitment));
  return Promise.resolve(problem(404, 'Not found'));
}

describe('the request detail', () => {
  it("shows a commitment's snapshot by its fields' names: the vendor by name, the lines and the total", async () => {
    renderApp('/companies/c1/erp/requests/r1', server);
    const title = await screen.findByText('Title');
    const fields = title.closest('dl') as HTMLElement;
    const value = (label: string) => within(fields).getByText(label).nextElementSibling?.textContent;
    expect(value('Vendor')).toBe('Acme Concrete');
    expect(value('Job number')).toBe('J1001');
    expect(value('Total')).toBe('$1,250.00');
    expect(within(fields).queryByText('projectId')).toBeNull();
    const lines = screen.getByRole('table', { name: 'Lines (1)' });
    expect(within(lines).getByRole('row', { name: /03-300 S \$1,250\.00/ })).toBeTruthy();
  });
});
