import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator } from '../support/factories.ts';

describe.each(dialects)('identity on %s', (dialect) => {
  const t = useTestApp(dialect);

  async function signIn(email: string, password: string) {
    const response = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    const cookie = response.cookies.find((c) => c.name === 'lg_session');
    return {
      response,
      cookie: cookie && `lg_session=${cookie.value}`,
      csrf: response.json().csrfToken as string,
    };
  }

  it('signs in with a password: httpOnly SameSite cookie, CSRF token, and /me', async () => {
    const operator = await makeOperator(t.current.ctx);
    const company = await makeCompany(t.current.ctx, operator);
    const user = await makeMember(t.current.ctx, operator, company.id, { erp: 'admin' });
    const { response, cookie, csrf } = await signIn(user.email.toUpperCase(), user.password);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ id: user.id, email: user.email, isOperator: false });
    const raw = response.cookies.find((c) => c.name === 'lg_session');
    expect(raw).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(csrf).toMatch(/^[\w-]{40,}$/);

    const me = await t.current.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookie! } });
    expect(me.statusCode).toBe(200);
    expect(me.json().companies).toEqual([
      expect.objectContaining({
        id: company.id,
        erpPermission: 'admin',
        projectPermission: 'none',
        canPushToAccounting: false,
      }),
    ]);
  });

  it('refuses a cookie request that changes state without the CSRF token', async () => {
    const operator = await makeOperator(t.current.ctx);
    const { cookie, csrf } = await signIn(operator.email, operator.password);
    const payload = { name: 'laptop' };
    const without = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: cookie! },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('forbidden');
    const wrong = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: cookie!, 'x-csrf-token': `${csrf}x` },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const withToken = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: cookie!, 'x-csrf-token': csrf },
      payload,
    });
    expect(withToken.statusCode).toBe(201);
  });

  it("gives a reloaded page its session's CSRF token through /me, and a bearer token none", async () => {
    const operator = await makeOperator(t.current.ctx);
    const { cookie, csrf } = await signIn(operator.email, operator.password);
    const me = await t.current.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookie! } });
    expect(me.json().csrfToken).toBe(csrf);
    expect(me.headers['cache-control']).toBe('no-store');
    const changed = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: cookie!, 'x-csrf-token': me.json().csrfToken },
      payload: { name: 'after a reload' },
    });
    expect(changed.statusCode).toBe(201);
    // A second session has a token of its own.
    const again = await signIn(operator.email, operator.password);
    const second = await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: again.cookie! },
    });
    expect(second.json().csrfToken).toBe(again.csrf);
    expect(again.csrf).not.toBe(csrf);
    const byToken = await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(operator),
    });
    expect(byToken.json()).toMatchObject({ id: operator.id, csrfToken: null });
  });

  it('lets a member turn their own daily summary off and on, only where they are a member', async () => {
    const { ctx, database } = t.current;
    const operator = await makeOperator(ctx);
    const company = await makeCompany(ctx, operator);
    const other = await makeCompany(ctx, operator);
    const member = await makeMember(ctx, operator, company.id, { erp: 'read_only' });
    const url = `/api/v1/me/companies/${company.id}`;
    const patch = (headers: Record<string, string>, payload: object, to = url) =>
      t.current.app.inject({ method: 'PATCH', url: to, headers, payload });

    const off = await patch(bearer(member), { subscribeDailySummary: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({
      id: company.id,
      name: company.name,
      erpPermission: 'read_only',
      projectPermission: 'none',
      canPushToAccounting: false,
      subscribeDailySummary: false,
    });
    const me = await t.current.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(member) });
    expect(me.json().companies[0].subscribeDailySummary).toBe(false);
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'action', 'subject_id'])
      .where('company_id', '=', company.id)
      .where('action', '=', 'membership.updated')
      .execute();
    expect(audit).toEqual([{ actor_id: member.id, action: 'membership.updated', subject_id: member.id }]);

    // From the browser: the session's CSRF token is needed, as for every change.
    const { cookie, csrf } = await signIn(member.email, member.password);
    expect((await patch({ cookie: cookie! }, { subscribeDailySummary: true })).statusCode).toBe(403);
    const on = await patch({ cookie: cookie!, 'x-csrf-token': csrf }, { subscribeDailySummary: true });
    expect(on.json().subscribeDailySummary).toBe(true);

    const elsewhere = await patch(
      bearer(member),
      { subscribeDailySummary: false },
      `/api/v1/me/companies/${other.id}`,
    );
    expect(elsewhere.statusCode).toBe(404);
    const unknown = await patch(
      bearer(member),
      { subscribeDailySummary: false },
      '/api/v1/me/companies/nope',
    );
    expect(unknown.statusCode).toBe(404);
    // An operator sees every company but has no membership of their own to change.
    expect((await patch(bearer(operator), { subscribeDailySummary: false })).statusCode).toBe(403);
    const malformed = await patch(bearer(member), { subscribeDailySummary: 'no', erpPermission: 'admin' });
    expect(malformed.statusCode).toBe(400);
    expect(
      malformed
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['erpPermission', 'subscribeDailySummary']);
  });

  it('answers 401 problem+json for a wrong password, an unknown email and a bad token', async () => {
    const operator = await makeOperator(t.current.ctx);
    for (const body of [
      { email: operator.email, password: 'wrong-password' },
      { email: 'nobody@example.com', password: operator.password },
    ]) {
      const response = await t.current.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: body,
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
      expect(response.cookies).toHaveLength(0);
    }
    const bad = await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer lg_nope' },
    });
    expect(bad.statusCode).toBe(401);
    const none = await t.current.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(none.statusCode).toBe(401);
  });

  it('stores API tokens and sessions only as hashes, and shows a token once', async () => {
    const operator = await makeOperator(t.current.ctx);
    const created = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { authorization: `Bearer ${operator.token}` },
      payload: { name: 'integration' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const row = await t.current.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const me = await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().isOperator).toBe(true);

    const { cookie } = await signIn(operator.email, operator.password);
    const sessionValue = cookie!.split('=')[1]!;
    const sessions = await t.current.database.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(sessions)).not.toContain(sessionValue);
  });

  it('ends the session at logout', async () => {
    const operator = await makeOperator(t.current.ctx);
    const { cookie, csrf } = await signIn(operator.email, operator.password);
    const out = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: cookie!, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const me = await t.current.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookie! } });
    expect(me.statusCode).toBe(401);
  });

  it('rate-limits repeated login attempts for one account with 429 problem+json', async () => {
    const operator = await makeOperator(t.current.ctx);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.current.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: operator.email, password: `guess-${i}` },
      });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) {
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json().code).toBe('rate_limited');
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another account from the same address is not locked out by it.
    const other = await makeOperator(t.current.ctx);
    const r = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: other.email, password: other.password },
    });
    expect(r.statusCode).toBe(200);
  });
});
