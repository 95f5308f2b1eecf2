import { beforeAll, describe, expect, it } from 'vitest';
import { idFloor } from '../../src/workflows/notify/company-event-tail.ts';
import { recordCompanyEvent } from '../../src/workflows/shared/company-events.ts';
import { apiAs } from '../support/api.ts';
import { dialects } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';
import { bearer, makeMember, makeOperator, type TestUser } from '../support/factories.ts';

/** What record pages read without the queue: the last outcome (A9), the events (A10), typed requests (A13). */
describe.each(dialects)('record outcomes and events for project users on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let c: string;
  let projectReader: TestUser;
  let erpReader: TestUser;
  const person = async (api: typeof w.current.pm) => {
    const me = (await api.get('/me')).body;
    return { id: me.id, name: me.name, email: me.email };
  };

  beforeAll(async () => {
    c = w.current.companyId;
    const operator = await makeOperator(w.current.t.ctx);
    projectReader = await makeMember(w.current.t.ctx, operator, c, { project: 'read_only' });
    erpReader = await makeMember(w.current.t.ctx, operator, c, { erp: 'read_only' });
  });

  it('shows on the record how its last request ended: rejected, retrieved, synced, and who decided', async () => {
    const { pm, approver } = w.current;
    const reader = apiAs(w.current.t.app, projectReader);
    const vendor = (await pm.post(`/companies/${c}/vendors`, { name: 'Outcome Electric', active: true }))
      .body;
    const url = `/companies/${c}/vendors/${vendor.id}`;
    expect((await reader.get(url)).body.erp).toEqual({ status: 'not_sent' });

    const first = await pm.post(`${url}/send-to-erp`);
    await approver.post(`/companies/${c}/erp/requests/${first.body.requestId}/reject`, {
      version: 1,
      comment: 'Use the legal name',
    });
    const rejected = (await reader.get(url)).body.erp;
    expect(rejected).toEqual({
      status: 'not_sent',
      lastOutcome: {
        status: 'rejected',
        comment: 'Use the legal name',
        by: await person(approver),
        at: expect.any(String),
      },
    });
    // Lists show it too, for the erpStatus=rejected filter's rows.
    const listed = await reader.get(`/companies/${c}/vendors?erpStatus=rejected`);
    expect(listed.body.items.map((v: { erp: unknown }) => v.erp)).toEqual([rejected]);

    await pm.post(`${url}/send-to-erp`);
    await pm.post(`${url}/retrieve-from-erp`);
    expect((await reader.get(url)).body.erp.lastOutcome).toMatchObject({
      status: 'retrieved',
      by: await person(pm),
    });
    expect((await reader.get(url)).body.erp.lastOutcome.comment).toBeUndefined();

    const third = await pm.post(`${url}/send-to-erp`);
    // While a request is open, the last outcome is still the one before it.
    expect((await reader.get(url)).body.erp).toMatchObject({
      status: 'ready_to_export',
      lastOutcome: { status: 'retrieved' },
    });
    await approver.post(`/companies/${c}/erp/requests/${third.body.requestId}/accept`, { version: 1 });
    await w.current.settled(third.body.requestId);
    expect((await reader.get(url)).body.erp).toEqual({
      status: 'synced',
      vendorCode: expect.any(String),
      lastOutcome: { status: 'synced', by: await person(approver), at: expect.any(String) },
    });
  });

  it("types the request's snapshot by kind and sends it as it was taken", async () => {
    const { pm, approver } = w.current;
    const vendor = (
      await pm.post(`/companies/${c}/vendors`, { name: 'Snapshot Supply', active: true, email: 'a@b.test' })
    ).body;
    const sent = await pm.post(`/companies/${c}/vendors/${vendor.id}/send-to-erp`);
    const response = await w.current.t.app.inject({
      url: `/api/v1/companies/${c}/erp/requests/${sent.body.requestId}`,
      headers: bearer(erpReader),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toMatchObject({
      kind: 'vendor',
      snapshot: {
        id: vendor.id,
        name: 'Snapshot Supply',
        active: true,
        vendorCode: null,
        email: 'a@b.test',
        address: null,
      },
      requestedUpdates: null,
      acceptOptions: null,
      result: null,
    });
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/reject`, {
      version: 1,
      comment: 'Not needed',
    });
    const document = (await w.current.t.app.inject({ url: '/api/openapi.json' })).json();
    const detail =
      document.paths['/api/v1/companies/{c}/erp/requests/{r}'].get.responses['200'].content[
        'application/json'
      ].schema;
    // One named shape per kind, told apart by `kind`, so a generated client narrows on it (A13).
    expect(detail.anyOf.map((k: { $ref: string }) => k.$ref)).toEqual(
      ['Project', 'CostCodes', 'Budget', 'Vendor', 'Commitment', 'ChangeOrder'].map(
        (name) => `#/components/schemas/ErpRequest${name}`,
      ),
    );
    const vendorShape = document.components.schemas.ErpRequestVendor.properties;
    expect(vendorShape.kind.enum).toEqual(['vendor']);
    expect(vendorShape.snapshot.$ref).toBe('#/components/schemas/VendorSnapshot');
  });

  it('streams request events to project readers without ERP access, but not the ERP sync runs', async () => {
    const { pm, t } = w.current;
    const from = idFloor(Date.now() - 1);
    const vendor = (await pm.post(`/companies/${c}/vendors`, { name: 'Stream Steel', active: true })).body;
    await pm.post(`/companies/${c}/vendors/${vendor.id}/send-to-erp`);
    await t.database.db.transaction().execute((trx) =>
      recordCompanyEvent(trx, t.ctx, {
        companyId: c,
        type: 'sync.finished',
        data: { syncRunId: 'run', status: 'succeeded', counts: null },
        at: new Date(),
      }),
    );
    const eventsFor = async (user: TestUser) => {
      const response = await t.app.inject({
        url: `/api/v1/companies/${c}/events?follow=false`,
        headers: { ...bearer(user), 'last-event-id': from },
      });
      expect(response.statusCode).toBe(200);
      return [...response.body.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    };
    expect(await eventsFor(projectReader)).toEqual(['request.sent']);
    expect(await eventsFor(erpReader)).toEqual(['request.sent', 'sync.finished']);
  });
});
