import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/db/ids.ts';
import { toJson } from '../../src/db/json.ts';
import { requestEventData } from '../../src/domain/company-events.ts';
import { companyEventTail } from '../../src/workflows/notify/company-event-tail.ts';
import { recordCompanyEvent } from '../../src/workflows/shared/company-events.ts';
import { dialects, until } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';
import { bearer, makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import { openSse, type SseClient } from '../support/sse.ts';

/** `GET /companies/{c}/events` over a real socket, while the worker exports to the Spectrum simulator. */
describe.each(dialects)('live events on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let base: string;
  let readerA: TestUser;
  let readerB: TestUser;
  let companyB: string;
  const clients: SseClient[] = [];
  const open = (companyId: string, user: TestUser, headers: Record<string, string> = {}) => {
    const client = openSse(`${base}/api/v1/companies/${companyId}/events`, { ...bearer(user), ...headers });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const { t, companyId } = w.current;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const operator = await makeOperator(t.ctx);
    readerA = await makeMember(t.ctx, operator, companyId, { erp: 'read_only' });
    companyB = (await makeCompany(t.ctx, operator)).id;
    readerB = await makeMember(t.ctx, operator, companyB, { erp: 'read_only' });
  });
  afterAll(() => {
    for (const client of clients) client.close();
  });

  it("streams a company's own events only: A sees its request sent, accepted and synced; B never sees them", async () => {
    const { pm, approver, t } = w.current;
    const a = w.current.companyId;
    const clientA = open(a, readerA);
    const clientB = open(companyB, readerB);
    const [responseA, responseB] = await Promise.all([clientA.opened, clientB.opened]);
    expect(responseA.status).toBe(200);
    expect(responseA.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(responseB.status).toBe(200);

    const vendor = await pm.post(`/companies/${a}/vendors`, { name: 'Live Wire Electric', active: true });
    const sent = await pm.post(`/companies/${a}/vendors/${vendor.body.id}/send-to-erp`);
    const requestId = sent.body.requestId as string;
    await approver.post(`/companies/${a}/erp/requests/${requestId}/accept`, { version: 1 });
    await w.current.settled(requestId);
    // Company B has an event of its own meanwhile.
    await t.database.db.transaction().execute((trx) =>
      recordCompanyEvent(trx, t.ctx, {
        companyId: companyB,
        type: 'request.sent',
        data: requestEventData(
          { id: 'b-request', kind: 'vendor', subject_id: 'b', subject_label: 'B vendor' },
          'ready_to_export',
        ),
        at: new Date(),
      }),
    );

    const ofRequest = () => clientA.events.filter((e) => e.data.data.requestId === requestId);
    await until(() => ofRequest().length === 3, 10_000);
    expect(ofRequest().map((e) => [e.event, e.data.data.status])).toEqual([
      ['request.sent', 'ready_to_export'],
      ['request.accepted', 'exporting'],
      ['request.synced', 'synced'],
    ]);
    expect(ofRequest()[0]).toEqual({
      event: 'request.sent',
      id: ofRequest()[0]!.data.id,
      data: {
        id: expect.any(String),
        type: 'request.sent',
        at: expect.any(String),
        data: {
          requestId,
          kind: 'vendor',
          status: 'ready_to_export',
          subject: { id: vendor.body.id, label: expect.any(String) },
        },
      },
    });

    await until(() => clientB.events.length === 1, 10_000);
    // One more poll interval for anything that should not come.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(clientB.events.map((e) => e.data.data.requestId)).toEqual(['b-request']);
    expect(clientA.events.some((e) => e.data.data.requestId === 'b-request')).toBe(false);

    // Resuming with Last-Event-ID replays what came after that event, and only that.
    const resumed = open(a, readerA, { 'last-event-id': ofRequest()[0]!.id });
    await until(() => resumed.events.filter((e) => e.data.data.requestId === requestId).length === 2, 10_000);
    expect(resumed.events.filter((e) => e.data.data.requestId === requestId).map((e) => e.event)).toEqual([
      'request.accepted',
      'request.synced',
    ]);
    // A new client without it starts from now.
    const late = open(a, readerA);
    await late.opened;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(late.events).toEqual([]);
  });

  it("refuses another company's stream (404) and callers who read neither the queue nor records (403)", async () => {
    const { t, companyId } = w.current;
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/v1/companies/${companyId}/events`,
      headers: bearer(readerB),
    });
    expect(foreign.statusCode).toBe(404);
    const operator = await makeOperator(t.ctx);
    // Project readers get the request events (test/flows/record-outcomes.test.ts); a bare member nothing.
    const bare = await makeMember(t.ctx, operator, companyId, {});
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/v1/companies/${companyId}/events`,
      headers: bearer(bare),
    });
    expect(refused.statusCode).toBe(403);
  });

  it('sends an event committed late with an older id, once', async () => {
    const { db } = w.current.t.database;
    const insert = (id: string) =>
      db
        .insertInto('company_events')
        .values({
          id,
          company_id: companyB,
          type: 'sync.finished',
          data: toJson({ n: id }),
          at: new Date().toISOString(),
        })
        .execute();
    const tail = await companyEventTail(db, { companyId: companyB });
    const older = newId(); // made first (a transaction still open)…
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = newId();
    await insert(newer); // …but the other commits first
    expect((await tail.poll()).map((e) => e.id)).toEqual([newer]);
    await insert(older);
    expect((await tail.poll()).map((e) => e.id)).toEqual([older]);
    expect(await tail.poll()).toEqual([]);
  });
});
