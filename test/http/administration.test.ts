import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator, unique } from '../support/factories.ts';

describe.each(dialects)('companies, users and the audit trail on %s', (dialect) => {
  const t = useTestApp(dialect);
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => t.current.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });

  it('creates a company with default features and settings, and changes them with audit rows', async () => {
    const operator = await makeOperator(t.current.ctx);
    const created = await call('POST', '/api/v1/companies', bearer(operator), {
      name: 'Acme Builders',
      timeZone: 'America/Denver',
      erpSystem: 'spectrum',
    });
    expect(created.statusCode).toBe(201);
    const company = created.json();
    expect(company).toMatchObject({
      name: 'Acme Builders',
      erpSystem: 'spectrum',
      features: { customCcoTitle: false },
      settings: {
        syncSchedule: 'hourly',
        dailySummaryTime: '07:00',
        timeZone: 'America/Denver',
        defaultJobTemplate: null,
      },
      version: 1,
    });
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });

    const features = await call('PATCH', `/api/v1/companies/${company.id}/features`, bearer(operator), {
      customCcoTitle: true,
    });
    expect(features.json()).toMatchObject({ features: { customCcoTitle: true }, version: 2 });

    const settings = await call('PUT', `/api/v1/companies/${company.id}/settings`, bearer(admin), {
      syncSchedule: '15m',
      dailySummaryTime: '06:45',
      timeZone: 'Europe/Berlin',
      defaultJobTemplate: 'TEMPLATE1',
      version: 2,
    });
    expect(settings.statusCode).toBe(200);
    expect(settings.json()).toMatchObject({
      timeZone: 'Europe/Berlin',
      settings: { syncSchedule: '15m', dailySummaryTime: '06:45', defaultJobTemplate: 'TEMPLATE1' },
      version: 3,
    });

    const stale = await call('PUT', `/api/v1/companies/${company.id}/settings`, bearer(admin), {
      syncSchedule: 'off',
      version: 2,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');

    const audit = await call(
      'GET',
      `/api/v1/companies/${company.id}/audit-events?subjectType=company`,
      bearer(admin),
    );
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['company.settings_changed', 'company.features_changed', 'company.created']);
    const settingsEvent = audit.json().items[0];
    expect(settingsEvent.actor).toEqual({ id: admin.id, label: admin.email });
    expect(settingsEvent.before.settings.syncSchedule).toBe('hourly');
    expect(settingsEvent.after.settings.syncSchedule).toBe('15m');
  });

  it('refuses an unknown time zone and a malformed daily summary time, naming the field', async () => {
    const operator = await makeOperator(t.current.ctx);
    const zone = await call('POST', '/api/v1/companies', bearer(operator), {
      name: 'X',
      timeZone: 'Mars/Olympus',
      erpSystem: 'spectrum',
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().errors).toEqual([{ path: 'timeZone', message: 'is not a known IANA time zone' }]);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const time = await call('PUT', `/api/v1/companies/${company.id}/settings`, bearer(admin), {
      dailySummaryTime: '25:00',
    });
    expect(time.statusCode).toBe(400);
    expect(time.json().errors[0].path).toBe('dailySummaryTime');
  });

  it('keeps a locale and a currency for the company, en-US and USD until an admin changes them', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const reader = await makeMember(t.current.ctx, operator, company.id, { project: 'read_only' });
    const url = `/api/v1/companies/${company.id}`;
    expect((await call('GET', url, bearer(reader))).json().settings).toMatchObject({
      locale: 'en-US',
      currency: 'USD',
    });
    const changed = await call('PUT', `${url}/settings`, bearer(admin), { locale: 'de-ch', currency: 'CHF' });
    expect(changed.statusCode).toBe(200);
    // Kept in canonical form, beside the settings it did not touch.
    expect(changed.json().settings).toMatchObject({
      locale: 'de-CH',
      currency: 'CHF',
      syncSchedule: 'hourly',
    });
    expect((await call('GET', url, bearer(reader))).json().settings).toMatchObject({
      locale: 'de-CH',
      currency: 'CHF',
    });
    const other = await call('PUT', `${url}/settings`, bearer(admin), { dailySummaryTime: '08:00' });
    expect(other.json().settings).toMatchObject({
      locale: 'de-CH',
      currency: 'CHF',
      dailySummaryTime: '08:00',
    });

    for (const [body, path] of [
      [{ locale: 'en_US' }, 'locale'],
      [{ locale: 'not a locale' }, 'locale'],
      [{ locale: 'x' }, 'locale'],
      [{ currency: 'usd' }, 'currency'],
      [{ currency: 'ABC' }, 'currency'],
      [{ currency: 'US$' }, 'currency'],
    ] as const) {
      const refused = await call('PUT', `${url}/settings`, bearer(admin), body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await call('GET', url, bearer(reader))).json().version).toBe(3);
  });

  it('lists every company to an operator and their own to anyone else, paged by a cursor', async () => {
    const operator = await makeOperator(t.current.ctx);
    const first = await makeCompany(t.current.ctx, operator);
    const second = await makeCompany(t.current.ctx, operator, 'sage300');
    const third = await makeCompany(t.current.ctx, operator);
    const member = await makeMember(t.current.ctx, operator, first.id, {
      erp: 'admin',
      project: 'read_only',
    });
    await call('POST', `/api/v1/companies/${third.id}/users`, bearer(operator), {
      email: member.email,
      name: 'Second membership',
      erpPermission: 'none',
      projectPermission: 'admin',
    });
    const loner = await makeMember(t.current.ctx, operator, second.id, { erp: 'none', project: 'none' });

    const mine = await call('GET', '/api/v1/companies', bearer(member));
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({
      items: [
        {
          id: first.id,
          name: first.name,
          timeZone: 'America/Chicago',
          erpSystem: 'spectrum',
          erpPermission: 'admin',
          projectPermission: 'read_only',
          canPushToAccounting: false,
          subscribeDailySummary: true,
        },
        expect.objectContaining({ id: third.id, erpPermission: 'none', projectPermission: 'admin' }),
      ],
      nextCursor: null,
    });
    // A membership without any permission is still one.
    expect((await call('GET', '/api/v1/companies', bearer(loner))).json().items).toEqual([
      expect.objectContaining({ id: second.id, erpSystem: 'sage300', erpPermission: 'none' }),
    ]);

    // The operator (a member of none) walks every company; others' companies are among them.
    const seen: { id: string; erpPermission?: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        'GET',
        `/api/v1/companies?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        bearer(operator),
      );
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    const ids = seen.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id, third.id]));
    expect(seen.find((c) => c.id === second.id)).toEqual({
      id: second.id,
      name: second.name,
      timeZone: 'America/Chicago',
      erpSystem: 'sage300',
    });
  });

  it('adds users, gives an existing account a second membership, and never resets its password from a company', async () => {
    const operator = await makeOperator(t.current.ctx);
    const a = await makeCompany(t.current.ctx, operator);
    const b = await makeCompany(t.current.ctx, operator);
    const adminA = await makeMember(t.current.ctx, operator, a.id, { erp: 'admin' });
    const adminB = await makeMember(t.current.ctx, operator, b.id, { erp: 'admin' });
    const email = `${unique('pm')}@example.com`;
    const first = await call('POST', `/api/v1/companies/${a.id}/users`, bearer(adminA), {
      email,
      name: 'Pat Manager',
      password: 'initial-password',
      erpPermission: 'none',
      projectPermission: 'admin',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      email,
      canPushToAccounting: false,
      subscribeDailySummary: true,
      version: 1,
    });

    const takeover = await call('POST', `/api/v1/companies/${b.id}/users`, bearer(adminB), {
      email,
      name: 'Pat',
      password: 'attacker-password',
      erpPermission: 'none',
      projectPermission: 'read_only',
    });
    // The same answer as for a new account: the name company B gave, no word of the account's existence.
    expect(takeover.statusCode).toBe(201);
    expect(takeover.json()).toEqual({
      id: first.json().id,
      email,
      name: 'Pat',
      erpPermission: 'none',
      projectPermission: 'read_only',
      canPushToAccounting: false,
      subscribeDailySummary: true,
      version: 1,
    });
    expect(Object.keys(takeover.json()).sort()).toEqual(Object.keys(first.json()).sort());
    const attacker = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'attacker-password' },
    });
    expect(attacker.statusCode).toBe(401);

    const third = await makeCompany(t.current.ctx, operator);
    const adminC = await makeMember(t.current.ctx, operator, third.id, { erp: 'admin' });
    const second = await call('POST', `/api/v1/companies/${third.id}/users`, bearer(adminC), {
      email: email.toUpperCase(),
      name: 'Pat',
      erpPermission: 'read_only',
      projectPermission: 'read_only',
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const again = await call('POST', `/api/v1/companies/${third.id}/users`, bearer(adminC), {
      email,
      name: 'Pat',
      erpPermission: 'read_only',
      projectPermission: 'read_only',
    });
    expect(again.statusCode).toBe(409);

    const login = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'initial-password' },
    });
    expect(login.statusCode).toBe(200);

    const listB = await call('GET', `/api/v1/companies/${b.id}/users`, bearer(adminB));
    expect(
      listB
        .json()
        .items.map((u: { email: string }) => u.email)
        .sort(),
    ).toEqual([adminB.email, email].sort());
  });

  it('changes permissions with optimistic locking and records before and after', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const user = await makeMember(t.current.ctx, operator, company.id, { erp: 'read_only' });
    const url = `/api/v1/companies/${company.id}/users/${user.id}`;
    const changed = await call('PATCH', url, bearer(admin), {
      erpPermission: 'standard',
      subscribeDailySummary: false,
      version: 1,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      erpPermission: 'standard',
      subscribeDailySummary: false,
      version: 2,
    });
    const stale = await call('PATCH', url, bearer(admin), { erpPermission: 'admin', version: 1 });
    expect(stale.statusCode).toBe(409);

    const audit = await call(
      'GET',
      `/api/v1/companies/${company.id}/audit-events?subjectType=user&subjectId=${user.id}`,
      bearer(admin),
    );
    const [latest] = audit.json().items;
    expect(latest).toMatchObject({
      action: 'membership.updated',
      before: { erpPermission: 'read_only' },
      after: { erpPermission: 'standard' },
    });
  });

  it('pages the audit trail with a cursor, newest first, without gaps or repeats', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const admin = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    for (let i = 0; i < 7; i++) {
      await call('PUT', `/api/v1/companies/${company.id}/settings`, bearer(admin), {
        dailySummaryTime: `0${i}:00`,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?action=company.settings_changed&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call('GET', `/api/v1/companies/${company.id}/audit-events${query}`, bearer(admin));
      expect(page.statusCode).toBe(200);
      seen.push(
        ...page
          .json()
          .items.map(
            (e: { after: { settings: { dailySummaryTime: string } } }) => e.after.settings.dailySummaryTime,
          ),
      );
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['06:00', '05:00', '04:00', '03:00', '02:00', '01:00', '00:00']);
    const tooMany = await call(
      'GET',
      `/api/v1/companies/${company.id}/audit-events?limit=201`,
      bearer(admin),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].path).toBe('query.limit');
  });
});
