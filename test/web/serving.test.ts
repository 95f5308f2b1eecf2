import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';

const index =
  '<!doctype html><title>Ledgergate</title><script type="module" src="/assets/app-1a2b.js"></script>';
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** The app over a web root of our own making; no request here reaches the database, so it has none. */
async function appServing(webRoot: string): Promise<FastifyInstance> {
  // Routes keep the ports they are given; these tests call none of them.
  const ctx = { database: {}, agents: { close() {} } } as WorkflowContext;
  return buildApp({ ctx, publicUrl: 'http://127.0.0.1', webRoot });
}

describe('serving the web app', () => {
  let dir: string;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledgergate-web-'));
    await mkdir(join(dir, 'built', 'assets'), { recursive: true });
    await writeFile(join(dir, 'built', 'index.html'), index);
    await writeFile(join(dir, 'built', 'assets', 'app-1a2b.js'), 'console.log(1);');
    await writeFile(join(dir, 'built', '.source-hash'), 'abc');
    built = await appServing(join(dir, 'built'));
    unbuilt = await appServing(join(dir, 'missing'));
  });

  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / to a browser, revalidated on every load, under the CSP', async () => {
    const response = await built.inject({ url: '/', headers: html });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body).toBe(index);
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const response = await built.inject({ url: '/assets/app-1a2b.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a page of the app with index.html, for GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const response = await built.inject({
        method,
        url: '/companies/x/erp/requests?kind=budget',
        headers: html,
      });
      expect([method, response.statusCode, response.headers['cache-control']]).toEqual([
        method,
        200,
        'no-cache',
      ]);
    }
    expect((await built.inject({ url: '/companies/x/erp/requests', headers: html })).body).toBe(index);
  });

  it('keeps problem+json 404s for the API, operations, other methods and non-browsers', async () => {
    const cases = [
      { method: 'GET', url: '/api/v1/nope', headers: html },
      { method: 'GET', url: '/metrics/nope', headers: html },
      { method: 'POST', url: '/companies/x', headers: html },
      { method: 'GET', url: '/companies/x', headers: { accept: 'application/json' } },
      { method: 'GET', url: '/assets/missing.js', headers: {} },
      { method: 'GET', url: '/.source-hash', headers: {} },
    ] as const;
    for (const request of cases) {
      const response = await built.inject(request);
      expect([request.url, response.statusCode, response.headers['content-type']]).toEqual([
        request.url,
        404,
        'application/problem+json; charset=utf-8',
      ]);
    }
    expect((await built.inject({ url: '/api/v1/nope', headers: html })).json()).toMatchObject({
      code: 'not_found',
      detail: 'No route GET /api/v1/nope',
    });
  });

  it('says how to build the app when there is no build, and the API still answers', async () => {
    const page = await unbuilt.inject({ url: '/', headers: html });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.trim().split('\n')).toHaveLength(1);
    expect(page.body).toContain('npm run build:web');
    expect((await unbuilt.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await unbuilt.inject({ url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
