import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiStub } from '../../testing/api-stub.ts';
import { approverMe, demoCompany, json, renderApp } from '../../testing/render-app.tsx';

const admin = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'admin', canPushToAccounting: false }],
};
const operator = { ...approverMe, isOperator: true, companies: [] };
const templates = {
  items: [
    { jobNumber: 'TEMPLATE1', description: 'Commercial Job Template' },
    { jobNumber: 'TEMPLATE2', description: 'Residential Job Template' },
  ],
  nextCursor: null,
};
const company = { ...demoCompany, settings: { ...demoCompany.settings, defaultJobTemplate: null } };

function stub(me: unknown, extra: Record<string, unknown> = {}) {
  return apiStub({
    'GET /me': me,
    'GET /companies': { items: [{ ...company }], nextCursor: null },
    'GET /companies/c1': company,
    'GET /companies/c1/erp/job-templates': templates,
    ...extra,
  });
}

describe('General settings', () => {
  // A few zones instead of the runtime's ~400 keep the picker quick to draw in happy-dom.
  beforeEach(() => {
    vi.spyOn(Intl, 'supportedValuesOf').mockReturnValue(['America/Chicago', 'America/Denver', 'Asia/Tokyo']);
    return () => vi.restoreAllMocks();
  });

  it('saves Hourly, 06:30, America/Denver and TEMPLATE1 with the version', async () => {
    const api = stub(admin, {
      'PUT /companies/c1/settings': async (request: Request) => {
        const body = await request.json();
        return json(200, {
          ...company,
          version: 2,
          timeZone: body.timeZone,
          settings: { ...company.settings, ...body },
        });
      },
    });
    renderApp('/companies/c1/settings', api.server);
    expect(await screen.findByRole('heading', { name: 'General settings', level: 1 })).toBeTruthy();
    expect(screen.getByText('HH:MM, sent at 07:00 America/Chicago')).toBeTruthy();

    await userEvent.selectOptions(screen.getByLabelText('Sync schedule'), 'Hourly');
    const time = screen.getByLabelText('Daily summary time');
    await userEvent.clear(time);
    await userEvent.type(time, '06:30');
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    await userEvent.clear(zone);
    await userEvent.type(zone, 'Denv');
    await userEvent.click(await screen.findByRole('option', { name: 'America/Denver' }));
    expect(screen.getByText('HH:MM, sent at 06:30 America/Denver')).toBeTruthy();
    const template = screen.getByRole('combobox', { name: 'Default job template' }) as HTMLInputElement;
    expect(template.value).toBe('None');
    await userEvent.clear(template);
    await userEvent.type(template, 'TEMPLATE1');
    await userEvent.click(await screen.findByRole('option', { name: 'TEMPLATE1 — Commercial Job Template' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(api.calls[0]).toEqual({
      method: 'PUT',
      path: '/api/v1/companies/c1/settings',
      body: {
        timeZone: 'America/Denver',
        dailySummaryTime: '06:30',
        syncSchedule: 'hourly',
        defaultJobTemplate: 'TEMPLATE1',
        locale: 'en-US',
        currency: 'USD',
        version: 1,
      },
    });
    expect(await screen.findByText('Settings saved')).toBeTruthy();
  });

  it('keeps the input and says so when someone else saved first', async () => {
    const api = stub(admin, {
      'PUT /companies/c1/settings': () =>
        json(
          409,
          { type: 'urn:x', title: 'Conflict', status: 409, detail: 'stale', code: 'version_conflict' },
          'application/problem+json',
        ),
    });
    renderApp('/companies/c1/settings', api.server);
    const time = await screen.findByLabelText('Daily summary time');
    await userEvent.clear(time);
    await userEvent.type(time, '05:00');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Someone else changed this. Reload to see their version',
    );
    expect((time as HTMLInputElement).value).toBe('05:00');
  });

  it('shows an operator the settings read-only and the CCO feature switch, which takes effect at once', async () => {
    const api = stub(operator, {
      'PATCH /companies/c1/features': () =>
        json(200, { ...company, version: 2, features: { customCcoTitle: true } }),
    });
    renderApp('/companies/c1/settings', api.server);
    const operatorSection = await screen.findByRole('region', { name: 'Operator' });
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    expect(screen.getByText('Only an ERP admin of this company changes these settings.')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Settings' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['General', 'Users']);

    const feature = within(operatorSection).getByRole('switch', {
      name: 'Enable custom CCO title/description when exporting to Spectrum',
    }) as HTMLInputElement;
    expect(feature.checked).toBe(false);
    await userEvent.click(feature);
    await waitFor(() => expect(feature.checked).toBe(true));
    expect(api.calls).toEqual([
      { method: 'PATCH', path: '/api/v1/companies/c1/features', body: { customCcoTitle: true, version: 1 } },
    ]);
  });
});
