import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import type { AuditEvent } from './audit-queries.ts';

const created: AuditEvent = {
  id: 'e1',
  at: '2026-03-04T15:00:00.000Z',
  actor: { id: 'u2', label: 'pm@demo.test' },
  action: 'project.created',
  subjectType: 'project',
  subjectId: 'p1',
  after: { id: 'p1', name: 'Riverside Clinic', number: 'J1001', active: true },
};
const budget: AuditEvent = {
  id: 'e2',
  at: '2026-03-04T16:00:00.000Z',
  actor: { id: 'u2', label: 'pm@demo.test' },
  action: 'budget.lines_replaced',
  subjectType: 'budget',
  subjectId: 'p1',
  before: { lines: [{ costCode: '03-300', costType: 'L', amount: '1000.00' }] },
  after: { lines: [{ costCode: '03-300', costType: 'L', amount: '1250.00' }] },
};
const accepted: AuditEvent = {
  id: 'e3',
  at: '2026-03-04T18:30:00.000Z',
  actor: { id: 'u1', label: 'approver@demo.test' },
  action: 'erp_request.accepted',
  subjectType: 'project',
  subjectId: 'p1',
  before: { requestId: 'r1', status: 'ready_to_export' },
  after: { requestId: 'r1', status: 'exporting', options: { jobNumber: '24-010' } },
};
const vendorRejected: AuditEvent = {
  id: 'e4',
  at: '2026-03-04T19:00:00.000Z',
  actor: { id: 'u1', label: 'approver@demo.test' },
  action: 'erp_request.rejected',
  subjectType: 'vendor',
  subjectId: 'v1',
  comment: 'Use the legal name',
  before: { requestId: 'r2', status: 'ready_to_export' },
  after: { requestId: 'r2', status: 'rejected' },
};

function server() {
  const queries: URLSearchParams[] = [];
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/me') return json(200, approverMe);
    if (url.pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    if (url.pathname === '/api/v1/companies/c1/audit-events') {
      queries.push(url.searchParams);
      const subjectId = url.searchParams.get('subjectId');
      const all = [vendorRejected, accepted, budget, created];
      const items = subjectId ? all.filter((e) => e.subjectId === subjectId) : all;
      // Two pages, to show paging: the cursor brings the oldest event.
      if (!url.searchParams.get('cursor') && !subjectId)
        return json(200, { items: items.slice(0, 3), nextCursor: 'e2' });
      return json(200, { items: url.searchParams.get('cursor') ? items.slice(3) : items, nextCursor: null });
    }
    return problem(404, 'Not found');
  };
  return { handler, queries };
}

const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((cell) => cell.textContent);

describe('Audit log', () => {
  it('lists events newest first in company time, with subject links and comments', async () => {
    const { handler } = server();
    renderApp('/companies/c1/audit-events', handler);
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeTruthy();
    await screen.findByRole('cell', { name: 'Use the legal name' });
    const rows = screen.getAllByRole('row').slice(1);
    expect(cellsOf(rows[0]!).slice(0, 5)).toEqual([
      'Mar 4, 2026, 1:00 PM CST',
      'approver@demo.test',
      'Rejected',
      expect.stringMatching(/^Vendor/),
      'Use the legal name',
    ]);
    // 12:30 PM in Chicago, whatever the browser's zone (the runner's is UTC).
    expect(cellsOf(rows[1]!).slice(0, 3)).toEqual([
      'Mar 4, 2026, 12:30 PM CST',
      'approver@demo.test',
      'Accepted',
    ]);
    // The request's event carries no name: the project's other events name it.
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await screen.findByRole('cell', { name: 'Project created' });
    const links = screen.getAllByRole('link', { name: 'Riverside Clinic' });
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      '/companies/c1/projects/p1',
      '/companies/c1/projects/p1/budget',
      '/companies/c1/projects/p1',
    ]);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('expands a row to its before and after, money formatted', async () => {
    renderApp('/companies/c1/audit-events?subjectId=p1', server().handler);
    const row = (await screen.findByRole('cell', { name: 'Budget lines replaced' })).closest('tr')!;
    const toggle = within(row).getByRole('button', { name: 'Show changes' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const diff = screen.getByRole('table', { name: 'Before and after' });
    const line = within(diff).getByRole('row', { name: /lines\[03-300 L\]\.amount/ });
    expect(
      within(line)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['$1,000.00', '$1,250.00']);
    await userEvent.click(within(row).getByRole('button', { name: 'Hide changes' }));
    expect(screen.queryByRole('table', { name: 'Before and after' })).toBeNull();
  });

  it('filters by subject through the URL and the API, and lists only that subject', async () => {
    const { handler, queries } = server();
    const router = renderApp('/companies/c1/audit-events?subjectType=project&subjectId=p1', handler);
    await screen.findByRole('cell', { name: 'Accepted' });
    expect(queries.at(-1)?.get('subjectId')).toBe('p1');
    expect(queries.at(-1)?.get('subjectType')).toBe('project');
    expect(screen.queryByText('Use the legal name')).toBeNull();
    expect(screen.getByText('Riverside Clinic', { selector: 'strong' })).toBeTruthy();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Action' }), 'erp_request.accepted');
    await waitFor(() =>
      expect(router.state.location.search).toEqual({
        subjectType: 'project',
        subjectId: 'p1',
        action: 'erp_request.accepted',
      }),
    );
    expect(queries.at(-1)?.get('action')).toBe('erp_request.accepted');
    await userEvent.click(screen.getByRole('link', { name: 'Show every subject' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ action: 'erp_request.accepted' }));
  });

  it('narrows the log to one row’s subject', async () => {
    const { handler, queries } = server();
    const router = renderApp('/companies/c1/audit-events', handler);
    await screen.findByRole('cell', { name: 'Use the legal name' });
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await screen.findByRole('cell', { name: 'Project created' });
    await userEvent.click(screen.getAllByRole('link', { name: 'Only this: Riverside Clinic' })[0]!);
    await waitFor(() => expect(router.state.location.search).toEqual({ subjectId: 'p1' }));
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'Use the legal name' })).toBeNull());
    expect(queries.at(-1)?.get('subjectId')).toBe('p1');
    expect(screen.queryByRole('link', { name: /^Only this/ })).toBeNull();
  });

  it('says what will appear when nothing matches', async () => {
    renderApp('/companies/c1/audit-events?subjectId=nobody', server().handler);
    expect(await screen.findByText(/No events match these filters/)).toBeTruthy();
  });
});
