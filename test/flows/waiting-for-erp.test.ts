import { beforeAll, describe, expect, it } from 'vitest';
import { createExportHandler } from '../../src/workflows/queue/export-erp-request.ts';
import { exportJobKind } from '../../src/workflows/queue/export-job.ts';
import { type Api, apiAs } from '../support/api.ts';
import { dialects, until } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';

/**
 * Issue 13, finding 8: an accepted export for an ERP that is not connected (no connection yet; a Sage
 * company whose agent is offline) waits with one history entry however long it waits, and may be
 * rejected by an approver or retrieved by its sender meanwhile — until the ERP is back and its export
 * under way.
 */
describe.each(dialects)('exports waiting for an ERP that is not connected on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let c: string;
  let pm: Api;
  let approver: Api;
  let erpAdmin: Api;

  beforeAll(async () => {
    const { t } = w.current;
    const operator = await makeOperator(t.ctx);
    c = (await makeCompany(t.ctx, operator, 'spectrum')).id;
    pm = apiAs(t.app, await makeMember(t.ctx, operator, c, { project: 'admin' }));
    approver = apiAs(
      t.app,
      await makeMember(t.ctx, operator, c, { erp: 'standard', canPushToAccounting: true }),
    );
    erpAdmin = apiAs(t.app, await makeMember(t.ctx, operator, c, { erp: 'admin' }));
  });

  const request = async (id: string) => (await approver.get(`/companies/${c}/erp/requests/${id}`)).body;
  const historyTypes = async (id: string) =>
    ((await request(id)).history as { type: string }[]).map((h) => h.type);
  /** A vendor sent and accepted under `code`, once its export waits. */
  const waitingVendor = async (name: string, vendorCode: string) => {
    const vendor = await pm.post(`/companies/${c}/vendors`, { name, active: true });
    const sent = await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`);
    const accepted = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, {
      version: 1,
      vendorCode,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const waiting = await until(async () => {
      const r = await request(sent.body.requestId);
      return r.waitingSince ? r : undefined;
    });
    return { vendorId: vendor.body.id as string, requestId: sent.body.requestId as string, waiting };
  };
  /** One more look for the ERP, as the export's next scheduled run would (without waiting 30 s). */
  const pollAgain = (requestId: string, version: number) =>
    createExportHandler(w.current.t.ctx)(
      { requestId, version },
      { id: 'poll', kind: exportJobKind, attempt: 1, maxAttempts: 1, signal: new AbortController().signal },
    );

  it('waits with one history entry however often it looks, and an approver may reject it', async () => {
    const { requestId, waiting, vendorId } = await waitingVendor('Offline Supply', 'OFFLINE');
    expect(waiting.status).toBe('exporting');
    await pollAgain(requestId, waiting.version);
    await pollAgain(requestId, waiting.version);
    expect(await historyTypes(requestId)).toEqual(['sent', 'accepted', 'waiting']);
    expect((waiting.history as { detail: unknown }[])[2]!.detail).toEqual({
      message: 'No ERP connection is set for this company',
    });

    const rejected = await approver.post(`/companies/${c}/erp/requests/${requestId}/reject`, {
      version: waiting.version,
      comment: 'Not before the connection is set up',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    // Its next scheduled look finds it rejected and does nothing.
    await pollAgain(requestId, waiting.version);
    expect(await historyTypes(requestId)).toEqual(['sent', 'accepted', 'waiting', 'rejected']);
    expect((await request(requestId)).waitingSince).toBeNull();
    const edited = await pm.patch(`/companies/${c}/vendors/${vendorId}`, {
      version: 2,
      name: 'Offline Supply Co',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    // The code it reserved came back with the rejection.
    const again = await waitingVendor('Offline Rival', 'OFFLINE');
    expect(again.waiting.status).toBe('exporting');
  });

  it('may be retrieved by its sender while it waits', async () => {
    const { requestId, vendorId } = await waitingVendor('Retrieved Supply', 'RETRIEVED');
    const retrieved = await pm.post(`/companies/${c}/vendors/${vendorId}/retrieve-from-erp`);
    expect(retrieved.status, JSON.stringify(retrieved.body)).toBe(200);
    expect(await historyTypes(requestId)).toEqual(['sent', 'accepted', 'waiting', 'retrieved']);
    const vendor = await pm.get(`/companies/${c}/vendors/${vendorId}`);
    expect(vendor.body.erp.status).toBe('not_sent');
  });

  it('is not rejected once its export is under way', async () => {
    const { requestId, waiting } = await waitingVendor('Racing Supply', 'RACING');
    // The export's job found the ERP back and stopped waiting (here by hand): the approver is too late.
    await w.current.t.database.db
      .updateTable('erp_requests')
      .set({ waiting_since: null })
      .where('id', '=', requestId)
      .execute();
    const reject = await approver.post(`/companies/${c}/erp/requests/${requestId}/reject`, {
      version: waiting.version,
      comment: 'too late',
    });
    expect(reject.status).toBe(409);
    expect(reject.body.code).toBe('invalid_state');
  });

  it('exports once the ERP is connected, and is then no longer rejected or retrieved', async () => {
    const { requestId, waiting, vendorId } = await waitingVendor('Returning Supply', 'RETURNING');
    const put = await erpAdmin.put(`/companies/${c}/erp/connection`, {
      system: 'spectrum',
      baseUrl: w.current.sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      defaultTaxable: true,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await pollAgain(requestId, waiting.version);
    const synced = await request(requestId);
    expect(synced.status).toBe('synced');
    expect(synced.waitingSince).toBeNull();
    expect(await historyTypes(requestId)).toEqual(['sent', 'accepted', 'waiting', 'synced']);
    expect(w.current.sim.state().vendors.filter((v) => v.Vendor_Code === 'RETURNING')).toHaveLength(1);

    const reject = await approver.post(`/companies/${c}/erp/requests/${requestId}/reject`, {
      version: synced.version,
      comment: 'too late',
    });
    expect(reject.status).toBe(409);
    expect((await pm.post(`/companies/${c}/vendors/${vendorId}/retrieve-from-erp`)).status).toBe(409);
  });
});
