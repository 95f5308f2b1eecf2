import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const pm = {
  ...approverMe,
  email: 'pm@demo.test',
  name: 'Demo PM',
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'admin' }],
};

const project = {
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
  erp: { status: 'not_sent' },
};

const problem = (status: number, code: string, detail: string, errors?: unknown[]) =>
  json(
    status,
    { type: 'urn:x', title: 'x', status, detail, code, ...(errors && { errors }) },
    'application/problem+json',
  );

function server(patch: (body: unknown) => Response, p = project) {
  const seen: { method: string; path: string; body?: unknown }[] = [];
  const handler = async (request: Request) => {
    const { pathname } = new URL(request.url);
    const body = request.method === 'GET' ? undefined : await request.json();
    seen.push({ method: request.method, path: pathname, body });
    if (pathname === '/api/v1/me') return json(200, pm);
    if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    if (pathname === '/api/v1/companies/c1/projects/p1' && request.method === 'GET') return json(200, p);
    if (pathname === '/api/v1/companies/c1/projects/p1' && request.method === 'PATCH') return patch(body);
    if (pathname === '/api/v1/companies/c1/projects/p1/send-to-erp')
      return problem(422, 'precondition_failed', 'Not yet', [
        { path: 'costCodes', message: 'Add at least one cost code with a cost type.' },
      ]);
    return problem(404, 'not_found', 'Not found');
  };
  return { handler, seen };
}

describe('Project overview', () => {
  it('puts a 400’s errors on their fields and focuses the first', async () => {
    const { handler, seen } = server(() =>
      problem(400, 'validation_failed', 'Check the fields', [
        { path: 'number', message: 'Use at most 10 characters.' },
        { path: 'address.zip', message: 'Enter a ZIP code like 60601.' },
      ]),
    );
    renderApp('/companies/c1/projects/p1', handler);
    const number = await screen.findByLabelText('Number');
    await userEvent.clear(number);
    await userEvent.type(number, '24-010-LONG-NUMBER');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Use at most 10 characters.')).toBeTruthy();
    expect(screen.getByText('Enter a ZIP code like 60601.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(number));
    expect(number.getAttribute('aria-invalid')).toBe('true');
    const describedBy = number.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('Use at most 10 characters.');
    const sent = seen.find((s) => s.method === 'PATCH')?.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      version: 3,
      number: '24-010-LONG-NUMBER',
      name: 'Riverside Clinic',
      division: null,
    });
  });

  it('keeps the input on a 409 version conflict and says how to go on', async () => {
    const { handler } = server(() => problem(409, 'version_conflict', 'Stale version'));
    renderApp('/companies/c1/projects/p1', handler);
    const name = await screen.findByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Riverside Clinic West');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Someone else changed this. Reload to see their version',
    );
    expect((name as HTMLInputElement).value).toBe('Riverside Clinic West');
  });

  it('shows the hint, the tabs and the precondition list of a refused send', async () => {
    const { handler } = server(() => json(200, project));
    renderApp('/companies/c1/projects/p1', handler);
    expect(
      await screen.findByText(
        'Spectrum needs division, price method and taxable unless the job template fills them.',
      ),
    ).toBeTruthy();
    expect(screen.getAllByRole('link', { name: /Overview|Cost codes|Budget|Commitments/ }).length).toBe(4);
    await userEvent.click(screen.getByRole('button', { name: 'Send to ERP' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Add at least one cost code with a cost type.');
    expect(screen.getByRole('link', { name: 'Open cost codes' }).getAttribute('href')).toBe(
      '/companies/c1/projects/p1/cost-codes',
    );
  });

  it('disables editing while a request waits', async () => {
    const { handler } = server(() => json(200, project), {
      ...project,
      erp: { status: 'ready_to_export', requestId: 'r1' },
    } as typeof project);
    renderApp('/companies/c1/projects/p1', handler);
    expect(
      await screen.findByText('Locked while waiting for approval — Retrieve from ERP to edit.'),
    ).toBeTruthy();
    expect((screen.getByLabelText('Name') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Retrieve from ERP' })).toBeTruthy();
  });
});
