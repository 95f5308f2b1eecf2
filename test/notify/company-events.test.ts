import { describe, expect, it } from 'vitest';
import { fromJson } from '../../src/db/json.ts';
import { dialects, until } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';

/** The company event outbox: one row per state change, written in the change's own transaction. */
describe.each(dialects)('company events on %s', (dialect) => {
  const w = useErpWorld(dialect);

  const eventsOf = async (requestId: string) => {
    const rows = await w.current.t.database.db
      .selectFrom('company_events')
      .selectAll()
      .where('company_id', '=', w.current.companyId)
      .orderBy('id')
      .execute();
    return rows
      .map((row) => ({ type: row.type, data: fromJson<Record<string, unknown>>(row.data) }))
      .filter((e) => e.data.requestId === requestId);
  };

  it('records sent, accepted, failed, accepted (retry) and synced for one request, with a small payload', async () => {
    const { pm, approver } = w.current;
    const c = w.current.companyId;
    await w.current.mirrorFromErp();
    const connector = await w.current.t.ctx.erp.forCompany(c);
    await connector.createJob(
      { jobNumber: '24-950', description: 'Made in Spectrum', priceMethod: 'F', taxable: true },
      [],
    );
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Harbor Depot',
      number: '24-950',
      active: true,
      priceMethod: 'F',
      taxable: false,
    });
    const sent = await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`);
    const requestId = sent.body.requestId as string;
    await approver.post(`/companies/${c}/erp/requests/${requestId}/accept`, { version: 1 });
    const failed = await w.current.settled(requestId, 'failed');
    await approver.post(`/companies/${c}/erp/requests/${requestId}/retry`, {
      version: failed.version as number,
      jobNumber: 'J950',
    });
    await w.current.settled(requestId);

    const events = await eventsOf(requestId);
    expect(events.map((e) => [e.type, e.data.status])).toEqual([
      ['request.sent', 'ready_to_export'],
      ['request.accepted', 'exporting'],
      ['request.failed', 'failed'],
      ['request.accepted', 'exporting'],
      ['request.synced', 'synced'],
    ]);
    expect(events[0]!.data).toEqual({
      requestId,
      kind: 'project',
      status: 'ready_to_export',
      subject: { id: project.body.id, label: expect.stringContaining('Harbor Depot') },
    });
  });

  it('records a rejection, and nothing for a refused action', async () => {
    const { pm, approver } = w.current;
    const c = w.current.companyId;
    const vendor = await pm.post(`/companies/${c}/vendors`, { name: 'Quarry Stone', active: true });
    const sent = await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`);
    const requestId = sent.body.requestId as string;
    const stale = await approver.post(`/companies/${c}/erp/requests/${requestId}/reject`, {
      version: 7,
      comment: 'Stale',
    });
    expect(stale.status).toBe(409);
    expect((await eventsOf(requestId)).map((e) => e.type)).toEqual(['request.sent']);
    const rejected = await approver.post(`/companies/${c}/erp/requests/${requestId}/reject`, {
      version: 1,
      comment: 'Use the existing vendor QUARRY',
    });
    expect(rejected.status).toBe(200);
    expect((await eventsOf(requestId)).map((e) => [e.type, e.data.status])).toEqual([
      ['request.sent', 'ready_to_export'],
      ['request.rejected', 'rejected'],
    ]);
  });

  it('records the end of a sync run with its counts', async () => {
    const c = w.current.companyId;
    const started = await w.current.erpAdmin.post(`/companies/${c}/erp/sync`);
    expect(started.status).toBe(202);
    const { syncRunId } = started.body as { syncRunId: string };
    // The world's own first sync finished before; this run's event is the one naming it.
    const event = await until(async () => {
      const finished = await w.current.t.database.db
        .selectFrom('company_events')
        .selectAll()
        .where('company_id', '=', c)
        .where('type', '=', 'sync.finished')
        .execute();
      return finished.find((e) => fromJson<{ syncRunId: string }>(e.data).syncRunId === syncRunId);
    }, 20_000);
    expect(fromJson(event.data)).toEqual({
      syncRunId,
      status: 'succeeded',
      counts: expect.objectContaining({ jobs: expect.any(Number), vendors: expect.any(Number) }),
    });
  });
});
