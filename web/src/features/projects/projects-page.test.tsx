import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';

const project = {
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
  erp: { status: 'synced', jobNumber: '24-010' },
};

function server() {
  const queries: URLSearchParams[] = [];
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/me') return json(200, approverMe);
    if (url.pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    if (url.pathname === '/api/v1/companies/c1/projects') {
      queries.push(url.searchParams);
      return json(200, { items: url.searchParams.get('q') === 'zzz' ? [] : [project], nextCursor: null });
    }
    return problem(404, 'Not found');
  };
  return { handler, queries };
}

describe('Projects list', () => {
  it('shows each project’s columns, dates in the company zone', async () => {
    const { handler } = server();
    renderApp('/companies/c1/projects', handler);
    const row = (await screen.findByRole('link', { name: 'Riverside Clinic' })).closest('tr')!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual(['24-010', 'Riverside Clinic', 'Active', 'Synced', '24-010', 'Mar 4, 2026']);
    // A read-only project user gets no New project.
    expect(screen.queryByRole('link', { name: 'New project' })).toBeNull();
  });

  it('filters through the API and keeps the filters in the URL', async () => {
    const { handler, queries } = server();
    const router = renderApp('/companies/c1/projects?erpStatus=synced&active=true', handler);
    await screen.findByRole('link', { name: 'Riverside Clinic' });
    expect(queries.at(-1)?.get('erpStatus')).toBe('synced');
    expect(queries.at(-1)?.get('active')).toBe('true');
    expect(queries.at(-1)?.get('limit')).toBe('200');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find by name or number' }), 'zzz');
    expect(await screen.findByText(/No projects match/)).toBeTruthy();
    await waitFor(() =>
      expect(router.state.location.search).toMatchObject({ q: 'zzz', erpStatus: 'synced' }),
    );
    expect(queries.at(-1)?.get('q')).toBe('zzz');
  });
});
