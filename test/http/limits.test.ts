import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { testContext } from '../support/context.ts';
import { dialects, useTestDatabase } from '../support/databases.ts';
import { bearer, makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import { openSse, type SseClient } from '../support/sse.ts';

const metricsToken = 'metrics-token-0123456789';

/** The server's limits, with small numbers so that each is reached in a few requests. */
describe.each(dialects)('limits on %s', (dialect) => {
  const db = useTestDatabase(dialect);
  let app: FastifyInstance;
  let ctx: WorkflowContext;
  let base: string;
  const clients: SseClient[] = [];
  // The system's time, moved on by tests that wait out a window.
  let skewMs = 0;
  const clock = { now: () => new Date(Date.now() + skewMs) };

  beforeAll(async () => {
    ctx = testContext(db.current, clock);
    await ctx.queue.prepare();
    app = await buildApp({
      ctx,
      publicUrl: 'http://127.0.0.1',
      metricsToken,
      rateLimitPerMinute: 5,
      loginLimits: { perEmail: 3, perAddress: 6 },
      liveStreams: { perUser: 2, recheckMs: 100 },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await app?.close();
    await ctx?.queue.stop();
  });

  const stream = (companyId: string, headers: Record<string, string>) => {
    const client = openSse(`${base}/api/v1/companies/${companyId}/events`, headers);
    clients.push(client);
    return client;
  };
  const login = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('limits changes per token with RateLimit headers and a 429 problem; reads and other tokens are not counted', async () => {
    const user = await makeOperator(ctx);
    const post = (token: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/tokens',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: 'n' },
      });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(user.token));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 429]);
    expect(answers[0]!.headers['ratelimit-limit']).toBe('5');
    expect(answers[0]!.headers['ratelimit-remaining']).toBe('4');
    expect(Number(answers[0]!.headers['ratelimit-reset'])).toBeGreaterThan(0);
    const refused = answers[5]!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Reads are not limited; a second token of the same user has a budget of its own.
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(user) });
    expect(me.statusCode).toBe(200);
    expect(me.headers['ratelimit-limit']).toBeUndefined();
    const second = answers[0]!.json().token as string;
    expect((await post(second)).statusCode).toBe(201);
  });

  it('limits logins per e-mail across addresses and per address across e-mails', async () => {
    const user = await makeOperator(ctx);
    // Three addresses, one account: the fourth attempt is refused even with the right password.
    const byEmail = [];
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'])
      byEmail.push((await login(user.email, 'wrong', address)).statusCode);
    expect(byEmail).toEqual([401, 401, 401, 429]);
    expect((await login(user.email, user.password, '10.0.0.5')).statusCode).toBe(429);

    // One address, rotating e-mails (unknown ones too): the seventh attempt is refused.
    const byAddress = [];
    for (let i = 0; i < 7; i++)
      byAddress.push((await login(`nobody-${i}@example.com`, 'x', '10.9.9.9')).statusCode);
    expect(byAddress).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const refused = await login('someone@example.com', 'x', '10.9.9.9');
    expect(refused.json().code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address and another account are unaffected.
    const other = await makeOperator(ctx);
    expect((await login(other.email, other.password, '10.0.0.9')).statusCode).toBe(200);
  });

  it('counts logins in the database: a second API process shares the limits, and a window ends after a minute', async () => {
    const user = await makeOperator(ctx);
    // Another process on the same database: its own app, its own memory.
    const other = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', loginLimits: { perEmail: 3 } });
    try {
      const answers = [];
      for (const target of [app, other, app, other])
        answers.push(
          (
            await target.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { email: user.email.toUpperCase(), password: 'wrong' },
              remoteAddress: '10.3.0.1',
            })
          ).statusCode,
        );
      expect(answers).toEqual([401, 401, 401, 429]);
    } finally {
      await other.close();
    }
    // Only hashes are kept, never the e-mail or the address.
    const keys = await ctx.database.db.selectFrom('login_attempts').select('key').execute();
    expect(keys.map((k) => k.key).filter((k) => k.includes('@') || k.includes('10.3.0.1'))).toEqual([]);

    // A minute on, the account may be tried again; the ended windows are gone.
    skewMs = 60_000;
    try {
      expect((await login(user.email, user.password, '10.3.0.2')).statusCode).toBe(200);
      const left = await ctx.database.db.selectFrom('login_attempts').select('attempts').execute();
      expect(left.map((row) => row.attempts)).toEqual([1, 1]);
    } finally {
      skewMs = 0;
    }
  });

  it('ends a live stream at logout, and one whose token is revoked or whose permission is lowered', async () => {
    const operator = await makeOperator(ctx);
    const companyId = (await makeCompany(ctx, operator)).id;
    const member = await makeMember(ctx, operator, companyId, { erp: 'read_only' });
    const signedIn = await login(member.email, member.password, '10.1.1.1');
    const cookie = signedIn.cookies.find((c) => c.name === 'lg_session')!;
    const csrf = signedIn.json().csrfToken as string;

    const bySession = stream(companyId, { cookie: `lg_session=${cookie.value}` });
    expect((await bySession.opened).status).toBe(200);
    const out = await fetch(`${base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: `lg_session=${cookie.value}`, 'x-csrf-token': csrf },
    });
    expect(out.status).toBe(204);
    await bySession.ended;

    const token = await newToken(member);
    const byToken = stream(companyId, { authorization: `Bearer ${token.token}` });
    expect((await byToken.opened).status).toBe(200);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${token.id}`,
      headers: bearer(member),
    });
    expect(revoked.statusCode).toBe(204);
    await byToken.ended;

    const lowered = stream(companyId, bearer(member));
    expect((await lowered.opened).status).toBe(200);
    await ctx.database.db
      .updateTable('memberships')
      .set({ erp_permission: 'none' })
      .where('company_id', '=', companyId)
      .where('user_id', '=', member.id)
      .execute();
    await lowered.ended;
  });

  it('allows a user a few live streams at once', async () => {
    const operator = await makeOperator(ctx);
    const companyId = (await makeCompany(ctx, operator)).id;
    const member = await makeMember(ctx, operator, companyId, { erp: 'read_only' });
    const [first, second] = [stream(companyId, bearer(member)), stream(companyId, bearer(member))];
    expect((await first.opened).status).toBe(200);
    expect((await second.opened).status).toBe(200);
    const third = await fetch(`${base}/api/v1/companies/${companyId}/events`, { headers: bearer(member) });
    expect(third.status).toBe(429);
    expect(((await third.json()) as { code: string }).code).toBe('rate_limited');
    // Polling (follow=false) holds nothing open and is always answered.
    const poll = await fetch(`${base}/api/v1/companies/${companyId}/events?follow=false`, {
      headers: bearer(member),
    });
    expect(poll.status).toBe(200);
    first.close();
    await first.ended;
    await until200(() => stream(companyId, bearer(member)).opened);
  });

  it('serves /metrics only with METRICS_TOKEN, its histogram naming every route by pattern', async () => {
    const user = await makeOperator(ctx);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } }))
        .statusCode,
    ).toBe(401);
    await app.inject({ method: 'GET', url: `/api/v1/companies/no-such/projects`, headers: bearer(user) });
    const metrics = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('route="/api/v1/me"');
    expect(metrics.body).toContain('route="/api/v1/companies/:c/projects"');
    expect(metrics.body).toContain('route="/api/v1/auth/login"');
    expect(metrics.body).not.toContain('no-such');
  });

  async function newToken(user: TestUser) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: bearer(user),
      payload: { name: 'stream' },
    });
    return created.json() as { id: string; token: string };
  }
});

/** A stream slot frees when the server sees the close: retry briefly until it does. */
async function until200(open: () => Promise<Response>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await open()).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no stream slot freed');
}
