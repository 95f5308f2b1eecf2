import type { LookupAddress } from 'node:dns';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { requestEventData } from '../../src/domain/company-events.ts';
import { TransientErpError } from '../../src/erp/connector.ts';
import { createSdxClient } from '../../src/erp/spectrum/sdx-client.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { buildApp } from '../../src/http/app.ts';
import {
  createOutboundPolicy,
  type OutboundPolicyOptions,
  OutboundRefusedError,
} from '../../src/security/outbound-policy.ts';
import { OutboundLimitError, outboundRequest } from '../../src/security/outbound-request.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { deliverWebhook, webhookJobKind } from '../../src/workflows/notify/deliver-webhook.ts';
import { recordCompanyEvent } from '../../src/workflows/shared/company-events.ts';
import { apiAs } from '../support/api.ts';
import { testContext } from '../support/context.ts';
import { dialects, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';

/** Names resolved without a network: two for this machine, one inside an office, one for cloud metadata. */
const names: Record<string, LookupAddress[]> = {
  'receiver.test': [{ address: '127.0.0.1', family: 4 }],
  'spectrum.test': [{ address: '127.0.0.1', family: 4 }],
  'office.test': [{ address: '10.0.0.5', family: 4 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
};
const resolve = async (hostname: string) => names[hostname] ?? [];

interface TestServer {
  url: string;
  port: number;
  /** The requests it received. */
  hits: number;
  close(): Promise<void>;
}

/** A local HTTP server that answers every request with `handler`. */
async function startServer(handler: RequestListener): Promise<TestServer> {
  const server: Server = createServer((request, response) => {
    state.hits += 1;
    request.resume();
    handler(request, response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const state: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: 0,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return state;
}

const ok: RequestListener = (_, response) => response.end('ok');
const redirect: RequestListener = (_, response) =>
  response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
/** A body of `bytes`, sent in 64 KiB chunks, with or without its length announced. */
const huge =
  (bytes: number, announced: boolean): RequestListener =>
  (_, response) => {
    response.writeHead(200, announced ? { 'content-length': bytes } : {});
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const more = () => {
      while (sent < bytes && !response.destroyed) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', more);
      }
      response.end();
    };
    more();
  };
/** Headers at once, then a byte every 100 ms forever: never idle, never done. */
const drip: RequestListener = (_, response) => {
  response.writeHead(200, { 'content-type': 'text/xml' });
  const timer = setInterval(() => response.write('<'), 100);
  response.on('close', () => clearInterval(timer));
};

describe('outbound requests', () => {
  const servers: TestServer[] = [];
  const serve = async (handler: RequestListener) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const lenient = createOutboundPolicy({ resolve, allowPrivateWebhooks: true, allowErpLoopback: true });
  const strict = createOutboundPolicy({ resolve });
  const call = (rules = lenient.webhook, url: string) =>
    outboundRequest(rules, new URL(url), { method: 'POST', headers: {}, body: '{}' });

  it('refuses a literal address before connecting, in every spelling', async () => {
    const server = await serve(ok);
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '2130706433']) {
      const failure = await call(strict.webhook, `http://${host}:${server.port}/hook`).catch(
        (e: unknown) => e,
      );
      expect(failure, host).toBeInstanceOf(OutboundRefusedError);
      expect((failure as Error).message).toMatch(
        /is a loopback address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true/,
      );
    }
    await expect(call(strict.erp, `http://169.254.169.254/`)).rejects.toThrow(
      '169.254.169.254 is a link-local address, where no call goes',
    );
    expect(server.hits).toBe(0);
    expect((await call(lenient.webhook, `${server.url}/hook`)).status).toBe(200);
  });

  it('checks the addresses a host name resolves to when the socket connects', async () => {
    const server = await serve(ok);
    // The injected resolver is what the socket uses: the allowed name reaches the local server.
    expect((await call(lenient.webhook, `http://receiver.test:${server.port}/`)).bytes.toString()).toBe('ok');
    expect(server.hits).toBe(1);
    await expect(call(strict.webhook, `http://receiver.test:${server.port}/`)).rejects.toThrow(
      'receiver.test resolves to 127.0.0.1, a loopback address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true',
    );
    await expect(call(strict.webhook, 'http://office.test/hook')).rejects.toThrow(
      'office.test resolves to 10.0.0.5, a private address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true',
    );
    await expect(call(lenient.erp, 'http://metadata.test/')).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(server.hits).toBe(1);
  });

  it('checks each call anew, so a name rebound to a refused address is caught', async () => {
    const server = await serve(ok);
    const rebinding = createOutboundPolicy({
      allowPrivateWebhooks: true,
      resolve: async () => [{ address: server.hits === 0 ? '127.0.0.1' : '169.254.169.254', family: 4 }],
    });
    const url = `http://rebind.test:${server.port}/`;
    expect((await call(rebinding.webhook, url)).status).toBe(200);
    await expect(call(rebinding.webhook, url)).rejects.toThrow(
      'rebind.test resolves to 169.254.169.254, a link-local address, where no call goes',
    );
    expect(server.hits).toBe(1);
  });

  it('refuses localhost through the system resolver', async () => {
    const server = await serve(ok);
    const system = createOutboundPolicy();
    await expect(call(system.webhook, `http://localhost:${server.port}/`)).rejects.toThrow(
      /^localhost resolves to (127\.0\.0\.1|::1), a loopback address: webhooks go there only/,
    );
    await expect(call(system.erp, `http://localhost:${server.port}/`)).rejects.toThrow(
      /ERP_ALLOW_LOOPBACK=true/,
    );
    expect(server.hits).toBe(0);
  });

  it('does not follow a redirect', async () => {
    const server = await serve(redirect);
    const failure = await call(lenient.webhook, `${server.url}/hook`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutboundRefusedError);
    expect((failure as Error).message).toBe(
      `127.0.0.1:${server.port} answered HTTP 302, a redirect to http://169.254.169.254/latest/meta-data/: redirects are not followed; use the final URL`,
    );
    expect(server.hits).toBe(1);
  });

  it('stops reading an answer larger than the cap, announced or not', async () => {
    const capped = createOutboundPolicy({ allowPrivateWebhooks: true, maxBytes: 256 * 1024 });
    for (const announced of [true, false]) {
      const server = await serve(huge(64 * 1024 * 1024, announced));
      const failure = await call(capped.webhook, server.url).catch((e: unknown) => e);
      expect(failure, `announced: ${announced}`).toBeInstanceOf(OutboundLimitError);
      expect((failure as Error).message).toBe('the answer is larger than 262144 bytes');
    }
    const fits = await serve(huge(128 * 1024, false));
    expect((await call(capped.webhook, fits.url)).bytes.length).toBe(128 * 1024);
  });

  it('gives up on an answer that keeps dripping past the total deadline', async () => {
    const server = await serve(drip);
    const capped = createOutboundPolicy({ allowPrivateWebhooks: true, deadlineMs: 500 });
    const started = Date.now();
    const failure = await outboundRequest(capped.webhook, new URL(server.url), {
      method: 'GET',
      headers: {},
      // Never reached: a byte comes every 100 ms.
      idleTimeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutboundLimitError);
    expect((failure as Error).message).toBe('no complete answer within 0.5 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('Spectrum calls under the outbound policy', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  const client = (url: string, options: OutboundPolicyOptions) =>
    createSdxClient({
      baseUrl: url,
      authorizationId: 'DEMO',
      companyCode: '001',
      attempts: 1,
      outbound: createOutboundPolicy({ resolve, ...options }).erp,
    })
      .batch()
      .get('GetJob', {})
      .catch((error: unknown) => error);

  it('answers a refused address, a redirect, a huge or endless answer as transient connector errors', async () => {
    const [plain, redirecting, large, dripping] = await Promise.all(
      [ok, redirect, huge(8 * 1024 * 1024, false), drip].map(startServer),
    );
    servers.push(plain!, redirecting!, large!, dripping!);
    const refused = await client(plain!.url, {});
    expect(refused).toBeInstanceOf(TransientErpError);
    expect((refused as Error).message).toBe(
      'Spectrum could not be reached: 127.0.0.1 is a loopback address: ERP servers are called there only with ERP_ALLOW_LOOPBACK=true',
    );
    expect(plain!.hits).toBe(0);

    const redirected = await client(redirecting!.url, { allowErpLoopback: true });
    expect(redirected).toBeInstanceOf(TransientErpError);
    expect((redirected as Error).message).toMatch(
      /^Spectrum could not be reached: .* answered HTTP 302, a redirect/,
    );

    const tooLarge = await client(large!.url, { allowErpLoopback: true, maxBytes: 1024 * 1024 });
    expect(tooLarge).toBeInstanceOf(TransientErpError);
    expect((tooLarge as Error).message).toBe(
      "Spectrum's answer to /ws/GetJob was refused: the answer is larger than 1 MiB",
    );

    const tooSlow = await client(dripping!.url, { allowErpLoopback: true, deadlineMs: 400 });
    expect(tooSlow).toBeInstanceOf(TransientErpError);
    expect((tooSlow as Error).message).toBe(
      "Spectrum's answer to /ws/GetJob was refused: no complete answer within 0.4 s",
    );
  });
});

describe.each(dialects)('outbound calls of webhooks and ERP connections on %s', (dialect) => {
  const db = useTestDatabase(dialect);
  let strict: { app: FastifyInstance; ctx: WorkflowContext };
  let lenient: { app: FastifyInstance; ctx: WorkflowContext };
  let sim: SpectrumSimulator;
  let receiver: TestServer;
  const started: FastifyInstance[] = [];

  beforeAll(async () => {
    const world = async (options: OutboundPolicyOptions) => {
      const ctx = testContext(db.current, systemClock, {
        outbound: createOutboundPolicy({ resolve, ...options }),
      });
      await ctx.queue.prepare();
      const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1' });
      await app.ready();
      started.push(app);
      return { app, ctx };
    };
    strict = await world({});
    lenient = await world({ allowPrivateWebhooks: true, allowErpLoopback: true });
    sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
    receiver = await startServer(ok);
  });
  afterAll(async () => {
    await Promise.all(started.map((app) => app.close()));
    await strict?.ctx.queue.stop();
    await lenient?.ctx.queue.stop();
    await sim?.close();
    await receiver?.close();
  });

  /** A company of its own in the world, and its ERP admin's client. */
  async function company(world: { app: FastifyInstance; ctx: WorkflowContext }) {
    const operator = await makeOperator(world.ctx);
    const companyId = (await makeCompany(world.ctx, operator)).id;
    const admin = apiAs(world.app, await makeMember(world.ctx, operator, companyId, { erp: 'admin' }));
    return { companyId, admin };
  }

  const connection = (baseUrl: string) => ({
    system: 'spectrum',
    baseUrl,
    authorizationId: 'DEMO',
    companyCode: '001',
    standardJob: 'STANDARD',
  });
  const simOn = (host: string) => sim.url.replace('127.0.0.1', host);

  it('refuses to save an ERP URL whose address is never called, or on loopback without ERP_ALLOW_LOOPBACK', async () => {
    const cases = [
      [strict, sim.url, /^127\.0\.0\.1 is a loopback address: .*ERP_ALLOW_LOOPBACK=true$/],
      [strict, 'http://[::ffff:127.0.0.1]:8482', /^::ffff:7f00:1 is a loopback address/],
      [
        lenient,
        'http://169.254.169.254/',
        /^169\.254\.169\.254 is a link-local address, where no call goes$/,
      ],
      [lenient, 'https://[fd00:ec2::254]/', /^fd00:ec2::254 is a cloud metadata address/],
    ] as const;
    for (const [world, baseUrl, message] of cases) {
      const { companyId, admin } = await company(world);
      const put = await admin.put(`/companies/${companyId}/erp/connection`, connection(baseUrl));
      expect(put.status, baseUrl).toBe(400);
      expect(put.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'baseUrl', message: expect.stringMatching(message) }],
      });
    }
    // An on-premise server on the office network is what ERP connections are for.
    const { companyId, admin } = await company(strict);
    const onPremise = await admin.put(
      `/companies/${companyId}/erp/connection`,
      connection('http://10.0.0.5:8482'),
    );
    expect(onPremise.status).toBe(200);
  });

  it('answers the connection test with the refusal when the ERP host resolves to a refused address', async () => {
    const { companyId, admin } = await company(strict);
    const test = () => admin.post(`/companies/${companyId}/erp/connection/test`);
    expect(
      (await admin.put(`/companies/${companyId}/erp/connection`, connection(simOn('spectrum.test')))).status,
    ).toBe(200);
    expect(await test()).toMatchObject({
      status: 200,
      body: {
        ok: false,
        message:
          'Spectrum could not be reached: spectrum.test resolves to 127.0.0.1, a loopback address: ERP servers are called there only with ERP_ALLOW_LOOPBACK=true',
      },
    });

    const allowed = await company(lenient);
    const allowedTest = () => allowed.admin.post(`/companies/${allowed.companyId}/erp/connection/test`);
    await allowed.admin.put(
      `/companies/${allowed.companyId}/erp/connection`,
      connection(simOn('spectrum.test')),
    );
    expect((await allowedTest()).body).toMatchObject({ ok: true });
    await allowed.admin.put(
      `/companies/${allowed.companyId}/erp/connection`,
      connection('http://metadata.test:80'),
    );
    expect((await allowedTest()).body).toEqual({
      ok: false,
      message:
        'Spectrum could not be reached: metadata.test resolves to 169.254.169.254, a link-local address, where no call goes',
    });
  });

  it('refuses to save a webhook to a private or loopback IP without WEBHOOK_ALLOW_PRIVATE, and to metadata always', async () => {
    const strictCompany = await company(strict);
    const lenientCompany = await company(lenient);
    const create = (which: typeof strictCompany, url: string) =>
      which.admin.post(`/companies/${which.companyId}/webhooks`, { url, events: ['request.synced'] });
    for (const url of [
      'http://10.0.0.5/hook',
      `${receiver.url}/hook`,
      `http://[::ffff:127.0.0.1]:${receiver.port}/`,
    ]) {
      const refused = await create(strictCompany, url);
      expect(refused.status, url).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'url', message: expect.stringMatching(/WEBHOOK_ALLOW_PRIVATE=true$/) }],
      });
      expect((await create(lenientCompany, url)).status, url).toBe(201);
    }
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://0.0.0.0:8080/',
    ]) {
      const refused = await create(lenientCompany, url);
      expect(refused.status, url).toBe(400);
      expect(refused.body.errors).toEqual([
        { path: 'url', message: expect.stringMatching(/where no call goes$/) },
      ]);
    }
  });

  /** A webhook of a new company in the world, an event for it, and one run of its delivery job. */
  async function deliverOnce(
    world: { app: FastifyInstance; ctx: WorkflowContext },
    url: string,
    options: { ctx?: WorkflowContext; attempt?: number } = {},
  ) {
    const { companyId, admin } = await company(world);
    const created = await admin.post(`/companies/${companyId}/webhooks`, { url, events: ['request.synced'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await world.ctx.database.db.transaction().execute((trx) =>
      recordCompanyEvent(trx, world.ctx, {
        companyId,
        type: 'request.synced',
        data: requestEventData({ id: 'r1', kind: 'vendor', subject_id: 'v', subject_label: 'V' }, 'synced'),
        at: new Date(),
      }),
    );
    const { id } = await world.ctx.database.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    const job = {
      id: 'job',
      kind: webhookJobKind,
      attempt: options.attempt ?? 1,
      maxAttempts: 3,
      signal: new AbortController().signal,
    };
    const thrown = await deliverWebhook(options.ctx ?? world.ctx, { deliveryId: id }, job).then(
      () => undefined,
      (error: unknown) => error,
    );
    const delivery = await world.ctx.database.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', 'response_status', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { thrown, delivery };
  }

  it('records a delivery refused by the policy on the delivery, retries it, and fails it on the last attempt', async () => {
    const before = receiver.hits;
    const refused = await deliverOnce(strict, `http://receiver.test:${receiver.port}/hook`);
    expect(refused.thrown).toBeInstanceOf(Error);
    expect(refused.delivery).toEqual({
      status: 'pending',
      attempts: 1,
      response_status: null,
      last_error:
        'receiver.test resolves to 127.0.0.1, a loopback address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true',
    });
    const last = await deliverOnce(strict, 'http://office.test/hook', { attempt: 3 });
    expect(last.thrown).toBeUndefined();
    expect(last.delivery).toMatchObject({
      status: 'failed',
      last_error:
        'office.test resolves to 10.0.0.5, a private address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true',
    });
    expect(receiver.hits).toBe(before);

    const delivered = await deliverOnce(lenient, `http://receiver.test:${receiver.port}/hook`);
    expect(delivered.delivery).toMatchObject({ status: 'delivered', response_status: 200, last_error: null });
    expect(receiver.hits).toBe(before + 1);
  });

  it('counts a redirect, a huge or a dripping answer as a failed attempt that retries', async () => {
    const servers = await Promise.all([redirect, huge(8 * 1024 * 1024, false), drip].map(startServer));
    try {
      const capped = {
        ...lenient.ctx,
        outbound: createOutboundPolicy({ allowPrivateWebhooks: true, maxBytes: 64 * 1024, deadlineMs: 400 }),
      };
      const [redirected, large, slow] = await Promise.all(
        servers.map((server) => deliverOnce(lenient, `${server.url}/hook`, { ctx: capped })),
      );
      for (const outcome of [redirected, large, slow]) {
        expect(outcome!.thrown).toBeInstanceOf(Error);
        expect(outcome!.delivery).toMatchObject({ status: 'pending', attempts: 1, response_status: null });
      }
      expect(redirected!.delivery.last_error).toMatch(
        /answered HTTP 302, a redirect to .*: redirects are not followed/,
      );
      expect(large!.delivery.last_error).toBe('the answer is larger than 65536 bytes');
      expect(slow!.delivery.last_error).toBe('no complete answer within 0.4 s');
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
