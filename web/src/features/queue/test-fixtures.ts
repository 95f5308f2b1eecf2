import type { RequestDetail } from './queue-queries.ts';

const projectSnapshot = {
  id: 'p1',
  name: 'Riverside Clinic',
  number: 'J1001',
  active: true,
  division: null,
  priceMethod: null,
  taxable: null,
  customerCode: null,
  costCenter: null,
  address: null,
  costCodes: [],
};

/**
 * A request detail as `GET …/erp/requests/{r}` answers, for component tests: a project's by default;
 * overrides of another kind bring that kind's snapshot.
 */
export function requestDetail(overrides: Partial<RequestDetail> = {}): RequestDetail {
  return {
    id: 'r1',
    kind: 'project',
    status: 'ready_to_export',
    version: 3,
    subject: { id: 'p1', label: 'J1001 Riverside Clinic' },
    sender: { id: 'u2', email: 'pm@demo.test' },
    sentAt: '2026-03-04T15:00:00.000Z',
    updatedAt: '2026-03-04T15:00:00.000Z',
    attempts: 0,
    waitingSince: '2026-03-04T15:00:00.000Z',
    preflight: { ok: true, problems: [] },
    snapshot: projectSnapshot,
    requestedUpdates: null,
    acceptOptions: null,
    error: null,
    result: null,
    history: [],
    ...overrides,
  } as RequestDetail;
}
