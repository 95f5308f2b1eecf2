import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEventData } from '../../src/domain/company-events.ts';
import { webhookMaxAttempts } from '../../src/workflows/notify/deliver-webhook.ts';
import { recordCompanyEvent } from '../../src/workflows/shared/company-events.ts';
import { apiAs } from '../support/api.ts';
import { dialects, until } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { useNotifyWorld } from '../support/notify-world.ts';
import { makeErpRequest, makeVendor } from '../support/records.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  replayOf: string | null;
}

/** Outbound webhooks against a receiver on 127.0.0.1, with a worker retrying within milliseconds. */
describe.each(dialects)('webhooks on %s', (dialect) => {
  const w = useNotifyWorld(dialect);
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  async function world() {
    const { ctx, app } = w.current;
    const operator = await makeOperator(ctx);
    const companyId = (await makeCompany(ctx, operator)).id;
    const admin = apiAs(app, await makeMember(ctx, operator, companyId, { erp: 'admin' }));
    const approver = apiAs(
      app,
      await makeMember(ctx, operator, companyId, { erp: 'standard', canPushToAccounting: true }),
    );
    const pm = await makeMember(ctx, operator, companyId, { project: 'admin' });
    const path = `/hooks/${companyId}`;
    const hook = async (events: string[], suffix = '') => {
      const created = await admin.post(`/companies/${companyId}/webhooks`, {
        url: `${receiver.url}${path}${suffix}`,
        events,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body as { id: string; secret: string; events: string[] };
    };
    /** A request rejected through the API: one `request.rejected` event. */
    const reject = async () => {
      const vendor = await makeVendor(ctx, pm, companyId);
      const requestId = await makeErpRequest(ctx, {
        companyId,
        kind: 'vendor',
        subjectId: vendor.id,
        senderId: pm.id,
      });
      const rejected = await approver.post(`/companies/${companyId}/erp/requests/${requestId}/reject`, {
        version: 1,
        comment: 'No',
      });
      expect(rejected.status).toBe(200);
      return { requestId, vendor };
    };
    const hits = (suffix = '') => receiver.received.filter((r) => r.path === `${path}${suffix}`);
    const deliveries = async (webhookId: string) =>
      (await admin.get(`/companies/${companyId}/webhooks/${webhookId}/deliveries`)).body.items as Delivery[];
    return { companyId, admin, hook, reject, hits, deliveries };
  }

  it('creates a webhook whose secret is shown once and stored sealed; lists and deletes it', async () => {
    const { companyId, admin, hook } = await world();
    const created = await hook(['request.rejected', 'request.synced']);
    expect(created).toMatchObject({
      id: expect.any(String),
      active: true,
      events: ['request.rejected', 'request.synced'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await w.current.database.db
      .selectFrom('webhooks')
      .select('secret')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(created.secret);
    expect(w.current.ctx.secrets.open(stored.secret)).toBe(created.secret);

    const list = await admin.get(`/companies/${companyId}/webhooks`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        id: created.id,
        url: expect.stringContaining('/hooks/'),
        events: created.events,
        active: true,
        createdAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.secret);

    const deleted = await admin.delete(`/companies/${companyId}/webhooks/${created.id}`);
    expect(deleted.status).toBe(204);
    expect((await admin.get(`/companies/${companyId}/webhooks`)).body.items).toEqual([]);
  });

  it('refuses a URL that is not http(s), an unknown event, and another company’s webhook', async () => {
    const { companyId, admin, hook } = await world();
    const bad = await admin.post(`/companies/${companyId}/webhooks`, {
      url: 'ftp://127.0.0.1/x',
      events: ['request.sent'],
    });
    expect(bad.status).toBe(400);
    const unknown = await admin.post(`/companies/${companyId}/webhooks`, {
      url: receiver.url,
      events: ['request.eaten'],
    });
    expect(unknown.status).toBe(400);
    const none = await admin.post(`/companies/${companyId}/webhooks`, { url: receiver.url, events: [] });
    expect(none.status).toBe(400);
    const mine = await hook(['request.sent']);
    const other = await world();
    expect(
      (await other.admin.get(`/companies/${other.companyId}/webhooks/${mine.id}/deliveries`)).status,
    ).toBe(404);
  });

  it('signs each delivery as Standard Webhooks: the standardwebhooks library verifies it', async () => {
    const { hook, reject, hits, deliveries } = await world();
    const created = await hook(['request.rejected']);
    const { requestId, vendor } = await reject();
    const [hit] = await until(() => (hits().length === 1 ? hits() : undefined));
    const { headers, body } = hit!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-ledgergate-event']).toBe('request.rejected');
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // What a receiver does, with nothing of ours: the public library, the secret and the raw body.
    const signed = headers as Record<string, string>;
    expect(new Webhook(created.secret).verify(body, signed)).toEqual(JSON.parse(body));
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(body, signed)).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(created.secret).verify(`${body} `, signed)).toThrow(WebhookVerificationError);

    const event = JSON.parse(body);
    expect(event).toEqual({
      id: expect.any(String),
      type: 'request.rejected',
      at: expect.any(String),
      data: {
        requestId,
        kind: 'vendor',
        status: 'rejected',
        subject: { id: vendor.id, label: expect.any(String) },
      },
    });
    const [delivery] = await until(async () => {
      const list = await deliveries(created.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(headers['webhook-id']).toBe(event.id);
    expect(delivery).toMatchObject({
      id: headers['x-ledgergate-delivery'],
      eventId: event.id,
      eventType: 'request.rejected',
      attempts: 1,
      responseStatus: 200,
      lastError: null,
    });
  });

  it('rotates the secret: both sign for 24 hours, then only the new one', async () => {
    const { companyId, admin, hook, reject, hits } = await world();
    const created = await hook(['request.rejected']);
    const rotated = await admin.post(`/companies/${companyId}/webhooks/${created.id}/rotate-secret`, {});
    expect(rotated.status).toBe(200);
    const { secret, previousSecretExpiresAt } = rotated.body as {
      secret: string;
      previousSecretExpiresAt: string;
    };
    expect(secret).not.toBe(created.secret);
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(JSON.stringify((await admin.get(`/companies/${companyId}/webhooks`)).body)).not.toContain(secret);

    await reject();
    const [during] = await until(() => (hits().length === 1 ? hits() : undefined));
    const headers = during!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    // A receiver that knows either secret verifies.
    for (const known of [created.secret, secret])
      expect(new Webhook(known).verify(during!.body, headers)).toBeTruthy();

    // Once the 24 hours are over (moved back in the database), only the new secret signs.
    await w.current.ctx.database.db
      .updateTable('webhooks')
      .set({ previous_secret_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', created.id)
      .execute();
    await reject();
    const [, after] = await until(() => (hits().length === 2 ? hits() : undefined));
    const afterHeaders = after!.headers as Record<string, string>;
    expect(new Webhook(secret).verify(after!.body, afterHeaders)).toBeTruthy();
    expect(() => new Webhook(created.secret).verify(after!.body, afterHeaders)).toThrow(
      WebhookVerificationError,
    );

    const audit = await admin.get(
      `/companies/${companyId}/audit-events?subjectType=webhook&subjectId=${created.id}`,
    );
    expect((audit.body.items as { action: string }[]).map((e) => e.action)).toContain(
      'webhook.secret_rotated',
    );
    const deleted = await admin.delete(`/companies/${companyId}/webhooks/${created.id}`);
    expect(deleted.status).toBe(204);
    expect(
      (await admin.post(`/companies/${companyId}/webhooks/${created.id}/rotate-secret`, {})).status,
    ).toBe(409);
  });

  it('retries with backoff after 500 and 503 answers, until a 2xx', async () => {
    const { hook, reject, hits, deliveries } = await world();
    const created = await hook(['request.rejected']);
    receiver.answer(500, 503);
    await reject();
    const [delivery] = await until(async () => {
      const list = await deliveries(created.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    }, 15_000);
    expect(delivery).toMatchObject({ attempts: 3, responseStatus: 200, lastError: null });
    // Three tries of the same delivery, each signed anew.
    expect(hits().map((h) => h.headers['x-ledgergate-delivery'])).toEqual([
      delivery!.id,
      delivery!.id,
      delivery!.id,
    ]);
  });

  it('notes a receiver that cannot be reached and retries; deleting the webhook ends the delivery', async () => {
    const { companyId, admin, reject, deliveries } = await world();
    const created = await admin.post(`/companies/${companyId}/webhooks`, {
      url: 'http://127.0.0.1:9/closed-port',
      events: ['request.rejected'],
    });
    await reject();
    const [retrying] = await until(async () => {
      const list = await deliveries(created.body.id);
      return list[0] && list[0].attempts >= 2 ? list : undefined;
    }, 15_000);
    expect(retrying).toMatchObject({
      status: 'pending',
      responseStatus: null,
      lastError: expect.any(String),
    });
    expect((await admin.delete(`/companies/${companyId}/webhooks/${created.body.id}`)).status).toBe(204);
    const [ended] = await until(async () => {
      const list = await deliveries(created.body.id);
      return list[0]?.status === 'failed' ? list : undefined;
    }, 15_000);
    expect(ended!.lastError).toBe('The webhook was deleted');
  });

  it(`marks a delivery failed after ${webhookMaxAttempts} failed attempts, with the last answer`, async () => {
    const { hook, reject, deliveries } = await world();
    const created = await hook(['request.rejected'], '/always-down');
    receiver.answer(...Array.from({ length: webhookMaxAttempts }, () => 500));
    await reject();
    const [delivery] = await until(async () => {
      const list = await deliveries(created.id);
      return list[0]?.status === 'failed' ? list : undefined;
    }, 25_000);
    expect(delivery).toMatchObject({
      attempts: webhookMaxAttempts,
      responseStatus: 500,
      lastError: 'HTTP 500: receiver error',
    });
  });

  it('replays a delivery as a new one of the same event', async () => {
    const { companyId, admin, hook, reject, hits, deliveries } = await world();
    const created = await hook(['request.rejected']);
    await reject();
    const [first] = await until(async () => {
      const list = await deliveries(created.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    const replay = await admin.post(
      `/companies/${companyId}/webhooks/${created.id}/deliveries/${first!.id}/replay`,
    );
    expect(replay.status).toBe(202);
    await until(() => hits().length === 2);
    const [a, b] = hits().map((h) => JSON.parse(h.body) as { id: string });
    expect(b!.id).toBe(a!.id);
    expect(hits()[1]!.headers['x-ledgergate-delivery']).toBe(replay.body.deliveryId);
    const list = await until(async () => {
      const all = await deliveries(created.id);
      return all.every((d) => d.status === 'delivered') ? all : undefined;
    });
    expect(list.map((d) => [d.id, d.replayOf])).toEqual([
      [replay.body.deliveryId, first!.id],
      [first!.id, null],
    ]);
    const unknown = await admin.post(`/companies/${companyId}/webhooks/${created.id}/deliveries/nope/replay`);
    expect(unknown.status).toBe(404);
  });

  it('delivers only the event types a webhook asked for, and nothing to a deleted webhook', async () => {
    const { companyId, admin, hook, reject, hits } = await world();
    await hook(['request.synced'], '/synced');
    await hook(['request.rejected', 'request.sent'], '/rejected');
    const gone = await hook(['request.rejected'], '/deleted');
    expect((await admin.delete(`/companies/${companyId}/webhooks/${gone.id}`)).status).toBe(204);
    expect((await admin.delete(`/companies/${companyId}/webhooks/${gone.id}`)).status).toBe(204);
    expect((await admin.get(`/companies/${companyId}/webhooks`)).body.items).toHaveLength(2);

    const { requestId } = await reject();
    await w.current.database.db.transaction().execute((trx) =>
      recordCompanyEvent(trx, w.current.ctx, {
        companyId,
        type: 'request.synced',
        data: requestEventData(
          { id: requestId, kind: 'vendor', subject_id: 'v', subject_label: 'V' },
          'synced',
        ),
        at: new Date(),
      }),
    );
    await until(() => hits('/rejected').length === 1 && hits('/synced').length === 1);
    expect(JSON.parse(hits('/rejected')[0]!.body).type).toBe('request.rejected');
    expect(JSON.parse(hits('/synced')[0]!.body).type).toBe('request.synced');
    // Give a wrong delivery every chance to show up before checking there is none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hits('/deleted')).toEqual([]);
    expect(hits('/rejected')).toHaveLength(1);
  });
});
