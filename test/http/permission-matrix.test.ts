import { describe, expect, it } from 'vitest';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { createApiToken } from '../../src/workflows/identity/create-api-token.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { useTestApp } from '../support/app.ts';
import { dialects } from '../support/databases.ts';
import { unique } from '../support/factories.ts';
import { makeRoleWorld, type Role, type RoleWorld, roles } from '../support/roles.ts';

interface RouteCase {
  /** Who may call it; everyone else gets 401 (anonymous), 404 (cannot see the company) or 403. */
  allowed: readonly Role[];
  /**
   * A valid request, made anew for every call so that repeated calls are all meaningful; `role` is the
   * caller's, for routes on the caller's own things.
   */
  request(
    world: RoleWorld,
    role: Role,
    ctx: WorkflowContext,
  ): { url: string; body?: object } | Promise<{ url: string; body?: object }>;
}

const signedIn: Role[] = roles.filter((r) => r !== 'anonymous');
const members: Role[] = ['erpAdmin', 'approver', 'erpStandard', 'readOnly', 'none', 'projectAdmin'];
const erpReaders: Role[] = ['erpAdmin', 'approver', 'erpStandard', 'readOnly'];
const projectViewers: Role[] = ['erpStandard', 'readOnly', 'projectAdmin'];
const projectEditors: Role[] = ['erpStandard', 'projectAdmin'];
const projectSenders: Role[] = ['projectAdmin'];
const approvers: Role[] = ['approver'];
const erpSyncers: Role[] = ['erpAdmin', 'approver', 'erpStandard'];

const line = { costCode: '01-100', costType: 'L', amount: '10.00' };
const paths = (w: RoleWorld) => {
  const project = `/api/v1/companies/${w.companyId}/projects/${w.records.projectId}`;
  const commitment = `${project}/commitments/${w.records.commitmentId}`;
  return {
    project,
    commitment,
    changeOrder: `${commitment}/change-orders/${w.records.changeOrderId}`,
    vendor: `/api/v1/companies/${w.companyId}/vendors/${w.records.vendorId}`,
  };
};
const sendable: Record<string, (w: RoleWorld) => string> = {
  '{p}': (w) => paths(w).project,
  '{p}/cost-codes': (w) => `${paths(w).project}/cost-codes`,
  '{p}/budget': (w) => `${paths(w).project}/budget`,
  '{p}/commitments/{k}': (w) => paths(w).commitment,
  '{p}/commitments/{k}/change-orders/{o}': (w) => paths(w).changeOrder,
};
/** Send and retrieve on every sendable record: project admins only. */
const sendRoutes: Record<string, RouteCase> = Object.fromEntries(
  [
    ...Object.entries(sendable).map(
      ([suffix, url]) => [`/api/v1/companies/{c}/projects/${suffix}`, url] as const,
    ),
    ['/api/v1/companies/{c}/vendors/{v}', (w: RoleWorld) => paths(w).vendor] as const,
  ].flatMap(([path, url]) =>
    ['send-to-erp', 'retrieve-from-erp'].map((action) => [
      `POST ${path}/${action}`,
      { allowed: projectSenders, request: (w: RoleWorld) => ({ url: `${url(w)}/${action}` }) },
    ]),
  ),
);

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
  'GET /api/v1/auth/tokens': { allowed: signedIn, request: () => ({ url: '/api/v1/auth/tokens' }) },
  // Each caller revokes a token of its own (anonymous callers one of the operator's).
  'DELETE /api/v1/auth/tokens/{id}': {
    allowed: signedIn,
    request: async (w, role, ctx) => {
      const owner = role === 'anonymous' ? w.operator : w.users[role];
      const actor = await loadActor(ctx.database.db, owner.id);
      const { id } = await createApiToken(ctx, { actor: actor!, name: 'revoked' });
      return { url: `/api/v1/auth/tokens/${id}` };
    },
  },
  'GET /api/v1/me': { allowed: signedIn, request: () => ({ url: '/api/v1/me' }) },
  'PATCH /api/v1/me/companies/{c}': {
    allowed: members,
    request: (w) => ({ url: `/api/v1/me/companies/${w.companyId}`, body: { subscribeDailySummary: false } }),
  },
  'GET /api/v1/companies': { allowed: signedIn, request: () => ({ url: '/api/v1/companies' }) },
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
  'POST /api/v1/companies/{c}/erp/agent/activation-codes': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/agent/activation-codes` }),
  },
  'GET /api/v1/companies/{c}/erp/agent': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/agent` }),
  },
  'DELETE /api/v1/companies/{c}/erp/agent': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/agent` }),
  },
  'GET /api/v1/companies/{c}/erp/connection': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/connection` }),
  },
  'POST /api/v1/companies/{c}/erp/connection/test': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/connection/test` }),
  },
  'GET /api/v1/companies/{c}/standard-cost-codes': {
    allowed: ['operator', ...members],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/standard-cost-codes` }),
  },
  'GET /api/v1/companies/{c}/cost-types': {
    allowed: ['operator', ...members],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/cost-types` }),
  },
  'POST /api/v1/companies/{c}/standard-cost-codes': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/standard-cost-codes`,
      body: { code: unique('99'), description: 'New' },
    }),
  },
  'POST /api/v1/companies/{c}/cost-types': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/cost-types`,
      body: { code: unique('').slice(1, 4), description: 'New', kind: 'other' },
    }),
  },
  'GET /api/v1/companies/{c}/projects': {
    allowed: projectViewers,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/projects` }),
  },
  'POST /api/v1/companies/{c}/projects': {
    allowed: projectEditors,
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/projects`,
      body: { name: unique('P'), active: true },
    }),
  },
  'GET /api/v1/companies/{c}/projects/{p}': {
    allowed: projectViewers,
    request: (w) => ({ url: paths(w).project }),
  },
  'PATCH /api/v1/companies/{c}/projects/{p}': {
    allowed: projectEditors,
    request: (w) => ({ url: paths(w).project, body: { version: 1, division: '10' } }),
  },
  'GET /api/v1/companies/{c}/projects/{p}/cost-codes': {
    allowed: projectViewers,
    request: (w) => ({ url: `${paths(w).project}/cost-codes` }),
  },
  'POST /api/v1/companies/{c}/projects/{p}/cost-codes': {
    allowed: projectEditors,
    request: (w) => ({ url: `${paths(w).project}/cost-codes`, body: { code: '01-100', costTypes: ['L'] } }),
  },
  'GET /api/v1/companies/{c}/projects/{p}/budget': {
    allowed: projectViewers,
    request: (w) => ({ url: `${paths(w).project}/budget` }),
  },
  'PUT /api/v1/companies/{c}/projects/{p}/budget/lines': {
    allowed: projectEditors,
    request: (w) => ({ url: `${paths(w).project}/budget/lines`, body: { version: 1, lines: [line] } }),
  },
  'POST /api/v1/companies/{c}/projects/{p}/budget/lock': {
    allowed: projectEditors,
    request: (w) => ({ url: `${paths(w).project}/budget/lock`, body: {} }),
  },
  'POST /api/v1/companies/{c}/projects/{p}/budget/unlock': {
    allowed: projectEditors,
    request: (w) => ({ url: `${paths(w).project}/budget/unlock`, body: {} }),
  },
  'GET /api/v1/companies/{c}/vendors': {
    allowed: projectViewers,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/vendors` }),
  },
  'POST /api/v1/companies/{c}/vendors': {
    allowed: projectEditors,
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/vendors`,
      body: { name: unique('V'), active: true },
    }),
  },
  'GET /api/v1/companies/{c}/vendors/{v}': {
    allowed: projectViewers,
    request: (w) => ({ url: paths(w).vendor }),
  },
  'PATCH /api/v1/companies/{c}/vendors/{v}': {
    allowed: projectEditors,
    request: (w) => ({ url: paths(w).vendor, body: { version: 1, email: 'ap@v.test' } }),
  },
  'GET /api/v1/companies/{c}/projects/{p}/commitments': {
    allowed: projectViewers,
    request: (w) => ({ url: `${paths(w).project}/commitments` }),
  },
  'POST /api/v1/companies/{c}/projects/{p}/commitments': {
    allowed: projectEditors,
    request: (w) => ({
      url: `${paths(w).project}/commitments`,
      body: {
        type: 'subcontract',
        number: unique('SC'),
        title: 'T',
        vendorId: w.records.vendorId,
        status: 'draft',
        lines: [line],
      },
    }),
  },
  'GET /api/v1/companies/{c}/projects/{p}/commitments/{k}': {
    allowed: projectViewers,
    request: (w) => ({ url: paths(w).commitment }),
  },
  'PATCH /api/v1/companies/{c}/projects/{p}/commitments/{k}': {
    allowed: projectEditors,
    request: (w) => ({ url: paths(w).commitment, body: { version: 1, title: 'Renamed' } }),
  },
  'GET /api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders': {
    allowed: projectViewers,
    request: (w) => ({ url: `${paths(w).commitment}/change-orders` }),
  },
  'POST /api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders': {
    allowed: projectEditors,
    request: (w) => ({
      url: `${paths(w).commitment}/change-orders`,
      body: { number: unique('CO'), title: 'T', status: 'draft', lines: [line] },
    }),
  },
  'POST /api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}/reverse': {
    allowed: projectEditors,
    request: (w) => ({ url: `${paths(w).changeOrder}/reverse` }),
  },
  'GET /api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}': {
    allowed: projectViewers,
    request: (w) => ({ url: paths(w).changeOrder }),
  },
  'PATCH /api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}': {
    allowed: projectEditors,
    request: (w) => ({ url: paths(w).changeOrder, body: { version: 1, title: 'Renamed' } }),
  },
  ...sendRoutes,
  'GET /api/v1/companies/{c}/erp/requests': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/requests` }),
  },
  'GET /api/v1/companies/{c}/erp/requests/counts': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/requests/counts` }),
  },
  'GET /api/v1/companies/{c}/erp/requests/{r}': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/requests/${w.records.requestId}` }),
  },
  ...Object.fromEntries(
    (['accept', 'reject', 'retry'] as const).map((action) => [
      `POST /api/v1/companies/{c}/erp/requests/{r}/${action}`,
      {
        allowed: approvers,
        request: (w: RoleWorld) => ({
          url: `/api/v1/companies/${w.companyId}/erp/requests/${w.records.requestId}/${action}`,
          body: action === 'reject' ? { version: 1, comment: 'Wrong code' } : { version: 1 },
        }),
      },
    ]),
  ),
  'POST /api/v1/companies/{c}/erp/requests/bulk': {
    allowed: approvers,
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/erp/requests/bulk`,
      body: { action: 'reject', ids: [w.records.requestId], comment: 'No' },
    }),
  },
  'POST /api/v1/companies/{c}/erp/sync': {
    allowed: erpSyncers,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/sync` }),
  },
  'GET /api/v1/companies/{c}/erp/sync-runs': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/sync-runs` }),
  },
  'GET /api/v1/companies/{c}/erp/sync-runs/{id}': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/sync-runs/${w.records.syncRunId}` }),
  },
  'GET /api/v1/companies/{c}/erp/jobs': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/jobs?linked=false` }),
  },
  'GET /api/v1/companies/{c}/erp/job-templates': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/job-templates` }),
  },
  'GET /api/v1/companies/{c}/erp/vendors': {
    allowed: erpReaders,
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/erp/vendors?linked=false` }),
  },
  ...Object.fromEntries(
    (['jobs', 'vendors'] as const).flatMap((list) =>
      (['import', 'link', 'archive'] as const).map((action) => [
        `POST /api/v1/companies/{c}/erp/${list}/{${list === 'jobs' ? 'jobNumber' : 'vendorCode'}}/${action}`,
        {
          allowed: ['erpAdmin'] as Role[],
          request: (w: RoleWorld) => ({
            url: `/api/v1/companies/${w.companyId}/erp/${list}/${list === 'jobs' ? w.records.erpJobNumber : w.records.erpVendorCode}/${action}`,
            body:
              action !== 'link'
                ? {}
                : list === 'jobs'
                  ? { projectId: w.records.projectId }
                  : { vendorId: w.records.vendorId },
          }),
        },
      ]),
    ),
  ),
  'POST /api/v1/companies/{c}/projects/{p}/budget/import-from-erp': {
    allowed: projectEditors,
    request: (w) => ({ url: `${paths(w).project}/budget/import-from-erp`, body: {} }),
  },
  // The stream itself is tested in test/notify/live-events.test.ts; follow=false answers and ends.
  'GET /api/v1/companies/{c}/events': {
    allowed: [...erpReaders, 'projectAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/events?follow=false` }),
  },
  'POST /api/v1/companies/{c}/webhooks': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/webhooks`,
      body: { url: 'http://127.0.0.1:9/hooks', events: ['request.synced'] },
    }),
  },
  'GET /api/v1/companies/{c}/webhooks': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/webhooks` }),
  },
  'GET /api/v1/companies/{c}/webhooks/{w}/deliveries': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/webhooks/${w.records.webhookId}/deliveries` }),
  },
  'POST /api/v1/companies/{c}/webhooks/{w}/deliveries/{d}/replay': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/webhooks/${w.records.webhookId}/deliveries/${w.records.deliveryId}/replay`,
    }),
  },
  'POST /api/v1/companies/{c}/webhooks/{w}/rotate-secret': {
    allowed: ['erpAdmin'],
    request: (w) => ({
      url: `/api/v1/companies/${w.companyId}/webhooks/${w.records.webhookId}/rotate-secret`,
    }),
  },
  // Deleting is idempotent: every allowed call answers 204.
  'DELETE /api/v1/companies/{c}/webhooks/{w}': {
    allowed: ['erpAdmin'],
    request: (w) => ({ url: `/api/v1/companies/${w.companyId}/webhooks/${w.records.webhookId}` }),
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
      const method = key.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      for (const role of roles) {
        // Logging out ends nothing for a bearer token, so every role can be tried on every route.
        const { url, body } = await route.request(world, role, t.current.ctx);
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
