import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { useTestApp } from '../support/app.ts';
import { testContext } from '../support/context.ts';
import { createScratchDatabase, dialects } from '../support/databases.ts';
import { bearer, makeOperator } from '../support/factories.ts';

describe.each(dialects)('HTTP conventions on %s', (dialect) => {
  const t = useTestApp(dialect);

  it('serves health, readiness and Prometheus metrics', async () => {
    const { app } = t.current;
    expect((await app.inject('/healthz')).json()).toEqual({ ok: true });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    const metrics = await app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('ledgergate_http_request_duration_seconds');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('answers 503 on /readyz when the database is gone', async () => {
    const scratch = await createScratchDatabase(dialect);
    const database = openDatabase(scratch.url);
    const ctx = testContext(database);
    const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1' });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    await database.close();
    const gone = await app.inject('/readyz');
    expect(gone.statusCode).toBe(503);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    await app.close();
    await scratch.drop();
  });

  it('answers 503 problem+json with Connection: close to a request that arrives while it stops', async () => {
    const scratch = await createScratchDatabase(dialect);
    const database = openDatabase(scratch.url);
    const app = await buildApp({ ctx: testContext(database), publicUrl: 'http://127.0.0.1' });
    let url = '';
    // What a request meets once the stop has begun, before the socket closes (the proxy then moves on).
    const during: { status: number; type: unknown; connection: unknown; code: unknown }[] = [];
    app.addHook('preClose', async () => {
      for (const path of ['/readyz', '/api/v1/me']) {
        const answer = await fetch(`${url}${path}`);
        during.push({
          status: answer.status,
          type: answer.headers.get('content-type'),
          connection: answer.headers.get('connection'),
          code: ((await answer.json()) as { code?: string }).code,
        });
      }
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await app.close();
    expect(during).toEqual(
      Array(2).fill({
        status: 503,
        type: 'application/problem+json; charset=utf-8',
        connection: 'close',
        code: 'shutting_down',
      }),
    );
    await database.close();
    await scratch.drop();
  });

  it('publishes the OpenAPI document and the docs UI', async () => {
    const { app } = t.current;
    const spec = await app.inject('/api/openapi.json');
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toBe('3.1.0');
    expect(Object.keys(spec.json().paths)).toContain('/api/v1/companies/{c}/audit-events');
    const docs = await app.inject('/api/docs');
    const page = docs.statusCode === 302 ? await app.inject(docs.headers.location as string) : docs;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('refuses a cursor no list gave with 400 naming cursor, instead of an empty page', async () => {
    const operator = await makeOperator(t.current.ctx);
    const first = await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/companies?limit=1',
      headers: bearer(operator),
    });
    for (const cursor of ['not-a-cursor', 'zzzz', '%20', Buffer.from('lg2:x').toString('base64url')]) {
      const page = await t.current.app.inject({
        method: 'GET',
        url: `/api/v1/companies?cursor=${cursor}`,
        headers: bearer(operator),
      });
      expect(page.statusCode, cursor).toBe(400);
      expect(page.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cursor' }] });
    }
    expect(first.statusCode).toBe(200);
  });

  it('sets security headers', async () => {
    const response = await t.current.app.inject('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('answers unknown routes, malformed JSON, wrong media types and oversized bodies with problem+json', async () => {
    const { app } = t.current;
    const operator = await makeOperator(t.current.ctx);
    const unknown = await app.inject('/api/v1/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', status: 404 });

    const post = (payload: string, contentType: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: { ...bearer(operator), 'content-type': contentType },
        payload,
      });
    const malformed = await post('{"name": ', 'application/json');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(malformed.json().code).toBe('validation_failed');
    const media = await post('name=x', 'application/x-www-form-urlencoded');
    expect(media.statusCode).toBe(415);
    expect(media.headers['content-type']).toContain('application/problem+json');
    const huge = await post(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }), 'application/json');
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
  });

  it('names every offending field of a body', async () => {
    const operator = await makeOperator(t.current.ctx);
    const response = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: bearer(operator),
      payload: { name: 42, erpSystem: 'oracle', extra: true },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'timeZone', 'erpSystem', 'extra']));
  });
});
