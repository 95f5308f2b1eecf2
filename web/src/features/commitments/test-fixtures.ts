import { approverMe, demoCompany, json } from '../../testing/render-app.tsx';

/** A project admin who may also read the queue (the ERP panel links the waiting line to the request). */
export const pm = {
  ...approverMe,
  email: 'pm@demo.test',
  name: 'Demo PM',
  companies: [{ ...approverMe.companies[0], erpPermission: 'read_only', projectPermission: 'admin' }],
};

export const project = {
  id: 'p1',
  version: 3,
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
  updatedAt: '2026-03-02T15:00:00Z',
  erp: { status: 'synced', jobNumber: '24-010' },
};

export const vendors = [
  {
    id: 'v1',
    version: 1,
    name: 'Acme Concrete Co',
    active: true,
    vendorCode: 'ACME01',
    erp: { status: 'synced' },
  },
  {
    id: 'v2',
    version: 1,
    name: 'Summit Drywall',
    active: true,
    vendorCode: null,
    erp: { status: 'not_sent' },
  },
];

export const commitment = {
  id: 'k1',
  version: 4,
  projectId: 'p1',
  type: 'subcontract',
  number: 'SC-001',
  title: 'Concrete foundations',
  vendorId: 'v1',
  status: 'approved',
  retentionPercent: 10,
  total: '1500.00',
  createdBy: 'u1',
  createdAt: '2026-03-01T15:00:00Z',
  updatedAt: '2026-03-02T15:00:00Z',
  erp: { status: 'not_sent' },
  lines: [
    { costCode: '03-300', costType: 'L', amount: '1000.00', description: 'Forms', item: 1 },
    { costCode: '03-300', costType: 'M', amount: '500.00', description: null, item: 2 },
  ],
};

export const changeOrder = {
  id: 'o1',
  version: 2,
  commitmentId: 'k1',
  projectId: 'p1',
  number: 'CCO-001',
  title: 'Extra rebar',
  description: 'Engineer’s revision 2',
  status: 'approved',
  total: '250.00',
  createdBy: 'u1',
  createdAt: '2026-03-03T15:00:00Z',
  updatedAt: '2026-03-03T15:00:00Z',
  erp: { status: 'not_sent' },
  lines: [{ costCode: '03-300', costType: 'M', amount: '250.00', description: null }],
};

/** `erp` of a record whose last request an approver rejected (A9 `lastOutcome`); the record is editable again. */
export const rejectedErp = (comment: string) => ({
  status: 'not_sent',
  lastOutcome: {
    status: 'rejected',
    comment,
    by: { id: 'u2', name: 'Demo approver', email: 'approver@demo.test' },
    at: '2026-03-04T15:05:00Z',
  },
});

export const problemOf = (status: number, code: string, detail: string, errors?: unknown[]) =>
  json(
    status,
    { type: 'urn:x', title: 'x', status, detail, code, ...(errors && { errors }) },
    'application/problem+json',
  );

export interface Recorded {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * The API of one project with one commitment and its change orders; `routes` answers first (by
 * "METHOD /path"), and every request is recorded.
 */
export function recordsServer(routes: Record<string, (body: unknown, url: URL) => Response> = {}) {
  const seen: Recorded[] = [];
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    const { pathname } = url;
    const body = request.method === 'GET' ? undefined : await request.json().catch(() => undefined);
    seen.push({ method: request.method, path: pathname, body });
    const route = routes[`${request.method} ${pathname}`];
    if (route) return route(body, url);
    const base = '/api/v1/companies/c1';
    switch (pathname) {
      case '/api/v1/me':
        return json(200, pm);
      case base:
        return json(200, demoCompany);
      case `${base}/projects/p1`:
        return json(200, project);
      case `${base}/vendors`:
        return json(200, { items: vendors, nextCursor: null });
      case `${base}/standard-cost-codes`:
        return json(200, {
          items: [
            { code: '03-300', description: 'Cast-in-place concrete' },
            { code: '05-100', description: 'Structural steel' },
          ],
          nextCursor: null,
        });
      case `${base}/cost-types`:
        return json(200, {
          items: [
            { code: 'L', description: 'Labor', kind: 'labor' },
            { code: 'M', description: 'Material', kind: 'material' },
          ],
          nextCursor: null,
        });
      case `${base}/projects/p1/commitments`:
        return json(200, { items: [{ ...commitment, lines: undefined, lineCount: 2 }], nextCursor: null });
      case `${base}/projects/p1/commitments/k1`:
        return json(200, commitment);
      case `${base}/projects/p1/commitments/k1/change-orders`:
        return json(200, { items: [], nextCursor: null });
      case `${base}/projects/p1/commitments/k1/change-orders/o1`:
        return json(200, changeOrder);
    }
    return problemOf(404, 'not_found', 'Not found');
  };
  return { handler, seen };
}
