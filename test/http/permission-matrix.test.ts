import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { unique } from '../support/factories.ts';
import { makeRoleWorld, type Role, type RoleWorld, roles } from '../support/roles.ts';

interface RouteCase {
  /** Who may call it; everyone else gets 401 (anonymous), 404 (cannot see the company) or 403. */
  allowed: readonly Role[];
  /** A valid request, made anew for every call so that repeated calls are all meaningful. */
  request(world: RoleWorld): { url: string; body?: object };
}

const signedIn: Role[] = roles.filter((r) => r !== 'anonymous');
const members: Role[] = ['erpAdmin', 'approver', 'erpStandard', 'readOnly', 'none', 'projectAdmin'];
const erpReaders: Role[] = ['erpAdmin', 'approver', 'erpStandard', 'readOnly'];

/** Every route of /api/v1, keyed "METHOD path" as the OpenAPI document names it. */
const matrix: Record<string, RouteCase> = {
  'POST /api/v1/auth/login': {
    allowed: roles,
    request: () => ({ url: '/api/v1/auth/login', body: { email: 'nobody@example.com', password: 'x' } }),
  },
  'POST /api/v1/auth/logout': { allowed: signedIn, request: () => ({ url: '/api/v1/auth/logout' }) },
  'POST /api/v1/auth/tokens': {
    allowed: signedIn,
    request: () => ({ url: '/api/v1/auth/tokens', body: { name: 'ci' } }),
  },
  'GET /api/v1/me': { allowed: signedIn, request: () => ({ url: '/api/v1/me' }) },
  'POST /api/v1/companies': {
    allowed: ['operator'],
    request: () => ({
      url: '/api/v1/companies',
      body: { name: unique('Co'), timeZone: 'UTC', erpSystem: 'spectrum' },
    }),
  },
  'GET /api/v1/companies/{c}': {
    allowed: ['operator', ...members],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}` }),
  },
  'PATCH /api/v1/companies/{c}/features': {
    allowed: ['operator'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/features`, body: { customCcoTitle: true } }),
  },
  'PUT /api/v1/companies/{c}/settings': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/settings`,
      body: { dailySummaryTime: '06:30' },
    }),
  },
  'GET /api/v1/companies/{c}/users': {
    allowed: ['operator', 'erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/users` }),
  },
  'POST /api/v1/companies/{c}/users': {
    allowed: ['operator', 'erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/users`,
      body: {
        email: `${unique('new')}@example.com`,
        name: 'New',
        erpPermission: 'read_only',
        projectPermission: 'none',
      },
    }),
  },
  'PATCH /api/v1/companies/{c}/users/{u}': {
    allowed: ['operator', 'erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/users/${w.users.none.id}`,
      body: { subscribeDailySummary: false },
    }),
  },
  'GET /api/v1/companies/{c}/audit-events': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/audit-events` }),
  },
  'PUT /api/v1/companies/{c}/erp/connection': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/erp/connection`,
      body: {
        system: 'spectrum',
        baseUrl: 'http://127.0.0.1:8482',
        authorizationId: 'DEMO',
        companyCode: '001',
        standardJob: 'STANDARD',
      },
    }),
  },
  'GET /api/v1/companies/{c}/erp/connection': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/connection` }),
  },
};

/** What a caller who is not allowed must see. */
function refusal(role: Role, url: string, world: RoleWorld): number {
  if (role === 'anonymous') return 401;
  const companyScoped = url.includes(`/companies/${world.companyId}`);
  if (companyScoped && role === 'otherCompany') return 404;
  return 403;
}

describe.each(dialects)('permission matrix on %s', (dialect) => {
  const t = useTestApp(dialect);

  it('covers every route that exists, and nothing else', async () => {
    const spec = t.current.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(Object.keys(matrix).sort());
  });

  it('allows exactly the permitted roles on every route', async () => {
    const world = await makeRoleWorld(t.current.ctx);
    const failures: string[] = [];
    for (const [key, route] of Object.entries(matrix)) {
      const method = key.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH';
      for (const role of roles) {
        // Logging out ends nothing for a bearer token, so every role can be tried on every route.
        const { url, body } = route.request(world);
        const headers = role === 'anonymous' ? {} : { authorization: `Bearer ${world.users[role].token}` };
        const response = await t.current.app.inject({
          method,
          url,
          headers,
          ...(body !== undefined && { payload: body }),
        });
        const allowed = route.allowed.includes(role);
        const ok = allowed
          ? (response.statusCode < 500 && ![401, 403, 404].includes(response.statusCode)) ||
            // Login with unknown credentials answers 401 by design, for every caller.
            (key === 'POST /api/v1/auth/login' && response.statusCode === 401)
          : response.statusCode === refusal(role, url, world);
        if (!ok) failures.push(`${key} as ${role}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (!allowed) expect(response.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers 404 for another company's resources, exactly like an unknown company", async () => {
    const world = await makeRoleWorld(t.current.ctx);
    const outsider = { authorization: `Bearer ${world.users.otherCompany.token}` };
    const foreign = await t.current.app.inject({
      method: 'GET',
      url: `/api/v1/companies/${world.companyId}`,
      headers: outsider,
    });
    const unknown = await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/companies/no-such-company',
      headers: outsider,
    });
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(foreign.json().detail).toBe(unknown.json().detail);
    // A user of this company, addressed through the other company, is unknown there too.
    const admin = { authorization: `Bearer ${world.users.otherCompany.token}` };
    const crossUser = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/v1/companies/${world.otherCompanyId}/users/${world.users.erpAdmin.id}`,
      headers: admin,
      payload: { erpPermission: 'none' },
    });
    expect(crossUser.statusCode).toBe(404);
  });

  it('lets only an operator grant Can Push to Accounting', async () => {
    const world = await makeRoleWorld(t.current.ctx);
    const url = `/api/v1/companies/${world.companyId}/users/${world.users.erpStandard.id}`;
    const byAdmin = await t.current.app.inject({
      method: 'PATCH',
      url,
      headers: { authorization: `Bearer ${world.users.erpAdmin.token}` },
      payload: { canPushToAccounting: true },
    });
    expect(byAdmin.statusCode).toBe(403);
    const byOperator = await t.current.app.inject({
      method: 'PATCH',
      url,
      headers: { authorization: `Bearer ${world.operator.token}` },
      payload: { canPushToAccounting: true },
    });
    expect(byOperator.statusCode).toBe(200);
    expect(byOperator.json().canPushToAccounting).toBe(true);
  });
});
