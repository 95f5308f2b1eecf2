import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const pm = {
  ...approverMe,
  email: 'pm@demo.test',
  name: 'Demo PM',
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'admin' }],
};
const viewer = {
  ...pm,
  companies: [{ ...approverMe.companies[0], erpPermission: 'none', projectPermission: 'read_only' }],
};

const project = {
  id: 'p1',
  version: 3,
  name: 'Riverside Clinic',
  number: 'J1001',
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

const costCodes = {
  items: [
    {
      code: '03-300',
      description: 'Concrete',
      costTypes: [
        { code: 'L', erpStatus: 'synced' },
        { code: 'M', erpStatus: 'synced' },
      ],
    },
    { code: '09-900', description: 'Painting', costTypes: [{ code: 'L', erpStatus: 'synced' }] },
  ],
};

interface Budget {
  version: number;
  locked: boolean;
  lines: { costCode: string; costType: string; amount: string }[];
  total: string;
  erp: { status: string; requestId?: string };
}
const budget = (over: Partial<Budget> = {}): Budget => ({
  version: 7,
  locked: false,
  lines: [
    { costCode: '03-300', costType: 'L', amount: '1000.00' },
    { costCode: '03-300', costType: 'M', amount: '250.50' },
    { costCode: '09-900', costType: 'L', amount: '0.25' },
  ],
  total: '1250.75',
  erp: { status: 'not_sent' },
  ...over,
});

const problem = (status: number, code: string, detail: string, errors?: unknown[]) =>
  json(
    status,
    { type: 'urn:x', title: 'x', status, detail, code, ...(errors && { errors }) },
    'application/problem+json',
  );

type Handler = (body: unknown) => Response;

function server(state: { budget: Budget }, handlers: Record<string, Handler> = {}, me: typeof pm = pm) {
  const seen: { method: string; path: string; body?: unknown }[] = [];
  const handler = async (request: Request) => {
    const { pathname } = new URL(request.url);
    const body = request.method === 'GET' ? undefined : await request.json();
    seen.push({ method: request.method, path: pathname, body });
    const base = '/api/v1/companies/c1/projects/p1';
    const own = handlers[`${request.method} ${pathname.replace(base, '')}`];
    if (own) return own(body);
    if (pathname === '/api/v1/me') return json(200, me);
    if (pathname === '/api/v1/companies/c1') return json(200, demoCompany);
    if (pathname === base) return json(200, project);
    if (pathname === `${base}/cost-codes`) return json(200, costCodes);
    if (pathname === `${base}/budget`) return json(200, state.budget);
    if (pathname === `${base}/budget/lines`) {
      const { lines } = body as Budget;
      state.budget = { ...state.budget, version: state.budget.version + 1, lines };
      return json(200, state.budget);
    }
    if (pathname === `${base}/budget/lock` || pathname === `${base}/budget/unlock`) {
      state.budget = {
        ...state.budget,
        version: state.budget.version + 1,
        locked: pathname.endsWith('/lock'),
      };
      return json(200, state.budget);
    }
    return problem(404, 'not_found', 'Not found');
  };
  return { handler, seen };
}

const header = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

/** Tabs from the page's start to the grid's one tab stop. */
async function focusGrid() {
  const grid = await screen.findByRole('grid', { name: 'Budget lines' }, { timeout: 5000 });
  (grid.querySelector('[tabindex="0"]') as HTMLElement).focus();
}

describe('Budget', () => {
  it('edits an amount by keyboard and saves exact decimal strings with the version', async () => {
    const state = { budget: budget() };
    const { handler, seen } = server(state);
    renderApp('/companies/c1/projects/p1/budget', handler);
    await focusGrid();
    expect(header('Total')).toBe('$1,250.75');
    expect(header('Lines')).toBe('3');
    expect(header('Budget')).toBe('Unlocked');
    expect(document.activeElement?.textContent).toBe('03-300');
    expect(await screen.findAllByText('Concrete', { selector: 'td' })).toHaveLength(2);
    await userEvent.keyboard('{ArrowDown}{End}{ArrowLeft}{Enter}');
    const input = screen.getByRole('textbox', { name: 'Amount' });
    await userEvent.clear(input);
    await userEvent.keyboard('1,234,567,890,123.4{Enter}');
    expect(header('Total')).toBe('$1,234,567,891,123.65');
    expect(screen.getByText('1 unsaved change')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByText('1 unsaved change')).toBeNull());
    expect(seen.find((s) => s.method === 'PUT')?.body).toEqual({
      version: 7,
      lines: [
        { costCode: '03-300', costType: 'L', amount: '1000.00' },
        { costCode: '03-300', costType: 'M', amount: '1234567890123.40' },
        { costCode: '09-900', costType: 'L', amount: '0.25' },
      ],
    });
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
  });

  it('adds a line whose cost code and type come from the project', async () => {
    const state = { budget: budget({ lines: [], total: '0.00' }) };
    const { handler, seen } = server(state);
    renderApp('/companies/c1/projects/p1/budget', handler);
    expect(
      await screen.findByText(
        'No budget lines yet. Add lines, or Import from ERP when the project came from Spectrum.',
      ),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add line' }));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-col')).toBe('0'));
    await userEvent.keyboard('{Enter}');
    const code = screen.getByRole('combobox', { name: 'Cost code' });
    expect(
      within(code)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose…', '03-300', '09-900']);
    await userEvent.selectOptions(code, '09-900');
    await userEvent.keyboard('{Enter}');
    // 09-900 has one cost type, which the line takes.
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}500{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(seen.some((s) => s.method === 'PUT')).toBe(true));
    expect(seen.find((s) => s.method === 'PUT')?.body).toEqual({
      version: 7,
      lines: [{ costCode: '09-900', costType: 'L', amount: '500.00' }],
    });
  });

  it('locks and unlocks, and is read-only while locked', async () => {
    const state = { budget: budget() };
    const { handler, seen } = server(state);
    renderApp('/companies/c1/projects/p1/budget', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Lock Budget' }));
    await waitFor(() => expect(header('Budget')).toBe('Locked'));
    expect(seen.find((s) => s.path.endsWith('/budget/lock'))?.body).toEqual({ version: 7 });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Unlock Budget'));
    expect(screen.getByText('The budget is locked. Unlock Budget to change its lines.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add line' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove line/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import from ERP' })).toBeNull();
    expect(screen.getByRole('grid').getAttribute('aria-readonly')).toBe('true');
    await focusGrid();
    await userEvent.keyboard('{End}{Enter}');
    expect(screen.queryByRole('textbox')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Unlock Budget' }));
    await waitFor(() => expect(header('Budget')).toBe('Unlocked'));
    expect(seen.find((s) => s.path.endsWith('/budget/unlock'))?.body).toEqual({ version: 8 });
    expect(screen.getByRole('button', { name: 'Add line' })).toBeTruthy();
  });

  it('saves unsaved edits before locking', async () => {
    const state = { budget: budget() };
    const { handler, seen } = server(state);
    renderApp('/companies/c1/projects/p1/budget', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove line 3' }));
    await userEvent.click(screen.getByRole('button', { name: 'Lock Budget' }));
    await waitFor(() => expect(header('Budget')).toBe('Locked'));
    const calls = seen.filter((s) => s.method !== 'GET').map((s) => [s.path.split('/p1/')[1], s.body]);
    expect(calls).toEqual([
      ['budget/lines', { version: 7, lines: budget().lines.slice(0, 2) }],
      ['budget/lock', { version: 8 }],
    ]);
  });

  it('keeps the edits on a 409 version conflict until Reload', async () => {
    const state = { budget: budget() };
    const { handler } = server(state, {
      'PUT /budget/lines': () => problem(409, 'version_conflict', 'Stale version'),
    });
    renderApp('/companies/c1/projects/p1/budget', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove line 1' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText('Someone else changed this. Reload to see their version');
    expect(header('Lines')).toBe('2');
    state.budget = budget({ version: 9, lines: budget().lines.slice(2), total: '0.25' });
    await userEvent.click(
      within(alert.closest('[role="alert"]') as HTMLElement).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() => expect(header('Lines')).toBe('1'));
    expect(header('Total')).toBe('$0.25');
    expect(screen.queryByText('Someone else changed this. Reload to see their version')).toBeNull();
  });

  it('lists a 400’s messages and marks the lines they name', async () => {
    const state = { budget: budget() };
    const { handler } = server(state, {
      'PUT /budget/lines': () =>
        problem(400, 'validation_failed', 'Check the budget lines', [
          { path: 'lines[1].costType', message: 'Cost type M is not assigned to 03-300.' },
          { path: 'lines', message: 'Each cost code and cost type may appear once.' },
        ]),
    });
    renderApp('/companies/c1/projects/p1/budget', handler);
    await focusGrid();
    await userEvent.keyboard('{End}{ArrowLeft}{Enter}{Backspace}{Backspace}9{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const items = await screen.findAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Line 2: Cost type M is not assigned to 03-300.',
      'Each cost code and cost type may appear once.',
    ]);
    const row = screen.getAllByRole('row')[2] as HTMLElement;
    expect(within(row).getByText('M').getAttribute('aria-invalid')).toBe('true');
  });

  it('links the refused send’s lock rule to Lock Budget', async () => {
    const state = { budget: budget() };
    const { handler } = server(state, {
      'POST /budget/send-to-erp': () =>
        problem(422, 'precondition_failed', 'Not yet', [
          { path: 'locked', message: 'Lock the budget before sending it' },
        ]),
    });
    renderApp('/companies/c1/projects/p1/budget', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Send to ERP' }));
    await screen.findByText('Lock the budget before sending it');
    await userEvent.click(screen.getByRole('link', { name: 'Lock Budget' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Lock Budget' }));
  });

  it('imports from the ERP after confirming', async () => {
    const state = { budget: budget() };
    const imported = budget({
      version: 8,
      lines: [{ costCode: '03-300', costType: 'L', amount: '99.00' }],
      total: '99.00',
    });
    const { handler } = server(state, { 'POST /budget/import-from-erp': () => json(200, imported) });
    renderApp('/companies/c1/projects/p1/budget', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Import from ERP' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText("Replace these 3 lines with job 24-010's original estimates from Spectrum?"),
    ).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(header('Total')).toBe('$99.00'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks before leaving with unsaved edits', async () => {
    const state = { budget: budget() };
    const { handler } = server(state);
    const router = renderApp('/companies/c1/projects/p1/budget', handler);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove line 2' }));
    await userEvent.click(screen.getByRole('link', { name: 'Overview' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving 1 change?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(router.state.location.pathname).toBe('/companies/c1/projects/p1/budget');
    await userEvent.click(screen.getByRole('link', { name: 'Overview' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies/c1/projects/p1'));
  });

  it('is read-only while a request waits, with Retrieve from ERP', async () => {
    const state = { budget: budget({ locked: true, erp: { status: 'ready_to_export', requestId: 'r1' } }) };
    const { handler } = server(state);
    renderApp('/companies/c1/projects/p1/budget', handler);
    expect(await screen.findByRole('button', { name: 'Retrieve from ERP' })).toBeTruthy();
    expect(screen.getByText('Locked while waiting for approval — Retrieve from ERP to edit.')).toBeTruthy();
    expect(screen.getByRole('grid').getAttribute('aria-readonly')).toBe('true');
    for (const name of ['Add line', 'Save', 'Lock Budget', 'Unlock Budget', 'Import from ERP'])
      expect(screen.queryByRole('button', { name })).toBeNull();
  });

  it('shows no edit buttons to a project read-only user', async () => {
    const state = { budget: budget() };
    const { handler } = server(state, {}, viewer);
    renderApp('/companies/c1/projects/p1/budget', handler);
    await screen.findByRole('grid');
    expect(screen.getByRole('grid').getAttribute('aria-readonly')).toBe('true');
    for (const name of ['Add line', 'Save', 'Lock Budget', 'Import from ERP', 'Send to ERP'])
      expect(screen.queryByRole('button', { name })).toBeNull();
  });
});
