import { beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../src/erp/sage300/tables.ts';
import { dialects, until } from '../support/databases.ts';
import { useSageErpWorld } from '../support/sage-erp-world.ts';

/**
 * Every seed workflow of a Sage 300 CRE company end to end (issue 15): Send → Accept → the hub's command
 * → a real agent → the simulated Sage company, and what an accountant relies on when the agent or Sage
 * is away: exports wait (one history entry), a waiting export can be rejected and never reaches Sage,
 * and a write whose answer was lost is settled by read-back, never duplicated.
 */
describe.each(dialects)('Sage 300 CRE export flows on %s', (dialect) => {
  const w = useSageErpWorld(dialect);
  let c: string;
  let projectId: string;
  let vendorId: string;

  const rows = (table: string) => w.current.stack.sim.state().tables[table] ?? [];
  const writes = (table: string) => w.current.stack.sim.state().writes[table] ?? 0;
  const request = async (id: string) =>
    (await w.current.approver.get(`/companies/${c}/erp/requests/${id}`)).body;
  const accept = (id: string, options: Record<string, unknown> = {}) =>
    w.current.approver.post(`/companies/${c}/erp/requests/${id}/accept`, { version: 1, ...options });
  const sendVendor = async (name: string) => {
    const vendor = await w.current.pm.post(`/companies/${c}/vendors`, { name, active: true });
    const sent = await w.current.pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return { vendorId: vendor.body.id as string, requestId: sent.body.requestId as string };
  };

  beforeAll(async () => {
    c = w.current.companyId;
    await w.current.mirrorFromErp();
  });

  it('exports a project as a job Sage punctuates, with its cost codes and categories', async () => {
    const { pm } = w.current;
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Riverside Annex',
      number: '251001',
      active: true,
      address: { line1: '2600 River Plaza Dr', city: 'Sacramento', state: 'CA', zip: '95833' },
    });
    projectId = project.body.id;
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, {
      code: '03-300',
      costTypes: ['L', 'M'],
    });
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '01-100', costTypes: ['L'] });
    const sent = await pm.post(`/companies/${c}/projects/${projectId}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await accept(sent.body.requestId)).status).toBe(202);
    const done = await w.current.settled(sent.body.requestId);
    expect(done.result).toEqual({ erpIds: expect.objectContaining({ job: '25-1001' }) });

    expect(rows(tables.job).filter((row) => row.Job === '25-1001')).toEqual([
      expect.objectContaining({ Description: 'Riverside Annex', City: 'Sacramento', Status: 'In progress' }),
    ]);
    expect(
      rows(tables.category)
        .filter((row) => row.Job === '25-1001')
        .map((row) => `${row.Cost_Code} ${row.Category}`)
        .sort(),
    ).toEqual(['01-100 L', '03-300 L', '03-300 M']);
    // The hub keeps the number as Sage stored it; the request keeps the one accepted.
    expect((await pm.get(`/companies/${c}/projects/${projectId}`)).body.erp).toMatchObject({
      status: 'synced',
      jobNumber: '25-1001',
    });
    expect(done.acceptOptions).toMatchObject({ jobNumber: '251001' });
    // The agent told the hub the company's format; preflight checks against it.
    const connection = await w.current.erpAdmin.get(`/companies/${c}/erp/connection`);
    expect(connection.body.settings).toEqual({
      jobMask: 'XX-XXXX',
      costCodeMask: 'XX-XXX',
      commitmentIdLength: 12,
    });
  });

  it("updates a job's cost codes: new codes and categories are added, an existing code's description kept", async () => {
    const { pm } = w.current;
    await w.current.mirrorFromErp();
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '03-300', costTypes: ['S'] });
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '02-200', costTypes: ['E'] });
    const sent = await pm.post(`/companies/${c}/projects/${projectId}/cost-codes/send-to-erp`);
    expect(sent.body.status, JSON.stringify(sent.body)).toBe('ready_to_update');
    await accept(sent.body.requestId);
    await w.current.settled(sent.body.requestId);
    expect(
      rows(tables.category)
        .filter((row) => row.Job === '25-1001')
        .map((row) => `${row.Cost_Code} ${row.Category}`)
        .sort(),
    ).toEqual(['01-100 L', '02-200 E', '03-300 L', '03-300 M', '03-300 S']);
    expect(
      rows(tables.costCode).filter((row) => row.Job === '25-1001' && row.Cost_Code === '03-300'),
    ).toEqual([expect.objectContaining({ Description: expect.any(String) })]);
    expect(writes(tables.costCode)).toBe(3);
  });

  it('exports a budget as original estimates, and a revision as an approved estimate change', async () => {
    const { pm } = w.current;
    const url = `/companies/${c}/projects/${projectId}/budget`;
    const lines = [
      { costCode: '03-300', costType: 'L', amount: '12500.00' },
      { costCode: '03-300', costType: 'M', amount: '8000.50' },
      { costCode: '01-100', costType: 'L', amount: '2500.00' },
    ];
    await pm.put(`${url}/lines`, { version: 1, lines });
    await pm.post(`${url}/lock`, {});
    const first = await pm.post(`${url}/send-to-erp`);
    await accept(first.body.requestId);
    await w.current.settled(first.body.requestId);
    const category = (code: string, type: string) =>
      rows(tables.category).find(
        (row) => row.Job === '25-1001' && row.Cost_Code === code && row.Category === type,
      )!;
    expect(category('03-300', 'M')).toMatchObject({ Original_Estimate: 8000.5, Total_Estimate: 8000.5 });

    await pm.post(`${url}/unlock`, {});
    const budget = await pm.get(url);
    await pm.put(`${url}/lines`, {
      version: budget.body.version,
      lines: [{ ...lines[0]!, amount: '14000.00' }, lines[1], lines[2]],
    });
    await pm.post(`${url}/lock`, {});
    const revision = await pm.post(`${url}/send-to-erp`);
    expect(revision.body.status).toBe('ready_to_update');
    await accept(revision.body.requestId);
    await w.current.settled(revision.body.requestId);
    expect(category('03-300', 'L')).toMatchObject({
      Original_Estimate: 12500,
      Approved_Estimate_Changes: 1500,
      Total_Estimate: 14000,
    });
  });

  it('exports a vendor, a commitment with its lines, and a change order, each written once', async () => {
    const { pm } = w.current;
    const vendor = await sendVendor('Granite Works');
    vendorId = vendor.vendorId;
    await accept(vendor.requestId, { vendorCode: 'GRANITE' });
    await w.current.settled(vendor.requestId);
    expect(rows(tables.vendor).filter((row) => row.Vendor === 'GRANITE')).toHaveLength(1);

    // A change of the synced vendor modifies only the changed column in Sage.
    const vendorView = await pm.get(`/companies/${c}/vendors/${vendorId}`);
    await pm.patch(`/companies/${c}/vendors/${vendorId}`, {
      version: vendorView.body.version,
      name: 'Granite Works Inc',
    });
    const update = await pm.post(`/companies/${c}/vendors/${vendorId}/send-to-erp`);
    expect(update.body.status, JSON.stringify(update.body)).toBe('ready_to_update');
    await accept(update.body.requestId);
    await w.current.settled(update.body.requestId);
    expect(rows(tables.vendor).filter((row) => row.Vendor === 'GRANITE')).toEqual([
      expect.objectContaining({ Name: 'Granite Works Inc' }),
    ]);

    const commitments = `/companies/${c}/projects/${projectId}/commitments`;
    const commitment = await pm.post(commitments, {
      type: 'subcontract',
      number: 'SC-100',
      title: 'Concrete package',
      vendorId,
      status: 'approved',
      lines: [
        { costCode: '03-300', costType: 'L', amount: '40000.00', description: 'Place and finish' },
        { costCode: '03-300', costType: 'M', amount: '9000.00', description: 'Rebar' },
      ],
    });
    expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
    const sent = await pm.post(`${commitments}/${commitment.body.id}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await accept(sent.body.requestId);
    await w.current.settled(sent.body.requestId);
    expect(rows(tables.commitment).filter((row) => row.Commitment === 'SC-100')).toEqual([
      expect.objectContaining({ Vendor: 'GRANITE', Job: '25-1001', Description: 'Concrete package' }),
    ]);
    expect(rows(tables.commitmentLine).filter((row) => row.Commitment === 'SC-100')).toHaveLength(2);

    const order = await pm.post(`${commitments}/${commitment.body.id}/change-orders`, {
      number: 'CO1',
      title: 'More rebar',
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'M', amount: '1200.00' }],
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const co = await pm.post(
      `${commitments}/${commitment.body.id}/change-orders/${order.body.id}/send-to-erp`,
    );
    await accept(co.body.requestId);
    await w.current.settled(co.body.requestId);
    expect(rows(tables.changeOrder).filter((row) => row.Commitment === 'SC-100')).toEqual([
      expect.objectContaining({ Commitment_CO: 'CO1', Description: 'More rebar' }),
    ]);
    expect(writes(tables.commitment)).toBe(1);
    expect(writes(tables.changeOrder)).toBe(1);

    // Sage never changes a saved change order: it is corrected by one that reverses it.
    const changeOrders = `${commitments}/${commitment.body.id}/change-orders`;
    const synced = await pm.get(`${changeOrders}/${order.body.id}`);
    const edit = await pm.patch(`${changeOrders}/${order.body.id}`, {
      version: synced.body.version,
      title: 'Less rebar',
    });
    expect(edit.body).toMatchObject({ status: 409, code: 'invalid_state' });
    const reversal = await pm.post(`${changeOrders}/${order.body.id}/reverse`);
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(201);
    expect(reversal.body).toMatchObject({
      number: 'CO1-R',
      title: 'Reverses CO1',
      status: 'draft',
      lines: [{ costCode: '03-300', costType: 'M', amount: '-1200.00' }],
    });
    await pm.patch(`${changeOrders}/${reversal.body.id}`, {
      version: reversal.body.version,
      status: 'approved',
    });
    const undo = await pm.post(`${changeOrders}/${reversal.body.id}/send-to-erp`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(201);
    await accept(undo.body.requestId);
    await w.current.settled(undo.body.requestId);
    expect(
      rows(tables.changeOrderLine)
        .filter((row) => row.Commitment === 'SC-100')
        .map((row) => `${row.Commitment_CO} ${row.Amount}`),
    ).toEqual(['CO1 1200', 'CO1-R -1200']);
  });

  it('syncs only what changed in Sage: an unchanged company is not read again, a changed estimate is', async () => {
    const { t, stack } = w.current;
    const costs = () =>
      t.database.db
        .selectFrom('erp_job_costs')
        .select(['code', 'cost_type', 'current_estimate'])
        .where('company_id', '=', c)
        .where('job_number', '=', '25-1001')
        .orderBy('code')
        .orderBy('cost_type')
        .execute();
    const lastRun = () =>
      t.database.db
        .selectFrom('sync_runs')
        .select('counts')
        .where('company_id', '=', c)
        .orderBy('finished_at', 'desc')
        .executeTakeFirstOrThrow()
        .then((run) => JSON.parse(run.counts!));
    await w.current.mirrorFromErp();
    const before = await costs();
    expect(before.length).toBeGreaterThan(0);
    await w.current.mirrorFromErp();
    expect(await lastRun()).toMatchObject({ changed: 0, jobCosts: before.length });

    // Accounting revises an estimate in Sage itself.
    const answer = await fetch(`${stack.sim.url}/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        table: tables.category,
        action: 'CreateOrModify',
        row: {
          Job: '25-1001',
          Extra: '',
          Cost_Code: '01-100',
          Category: 'L',
          Approved_Estimate_Changes: 500,
        },
      }),
    });
    expect(answer.status).toBe(200);
    await w.current.mirrorFromErp();
    expect((await lastRun()).changed).toBe(1);
    expect((await costs()).find((row) => row.code === '01-100' && row.cost_type === 'L')).toMatchObject({
      current_estimate: 300_000,
    });
  });

  it('waits for an offline agent with one history entry, then drains when it is back', async () => {
    const { stack } = w.current;
    await stack.agent.stop();
    const { requestId } = await sendVendor('Offline Lumber');
    await accept(requestId, { vendorCode: 'OFFLUMBER' });
    const waiting = await until(async () => {
      const r = await request(requestId);
      return r.waitingSince ? r : undefined;
    });
    expect(waiting.status).toBe('exporting');
    // Its next looks (a second apart while the gap is short) add nothing to the history.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const history = (await request(requestId)).history as { type: string; detail?: { message?: string } }[];
    expect(
      history.map((h) => h.type),
      JSON.stringify(history),
    ).toEqual(['sent', 'accepted', 'waiting']);
    expect(history[2]!.detail?.message).toMatch(/^Waiting for the Sage agent/);

    const back = Date.now();
    await stack.restartAgent();
    await w.current.settled(requestId);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(rows(tables.vendor).filter((row) => row.Vendor === 'OFFLUMBER')).toHaveLength(1);
  });

  it('lets an approver reject a waiting export, which then never reaches Sage', async () => {
    const { stack, t } = w.current;
    await stack.agent.stop();
    const { requestId } = await sendVendor('Never Sent Supply');
    await accept(requestId, { vendorCode: 'NEVERSENT' });
    const waiting = await until(async () => {
      const r = await request(requestId);
      return r.waitingSince ? r : undefined;
    });
    const rejected = await w.current.approver.post(`/companies/${c}/erp/requests/${requestId}/reject`, {
      version: waiting.version,
      comment: 'Not while the agent is away',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    await stack.restartAgent();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(rows(tables.vendor).filter((row) => row.Vendor === 'NEVERSENT')).toEqual([]);
    const done = await t.database.db
      .selectFrom('agent_commands')
      .select('status')
      .where('request_id', '=', requestId)
      .where('status', '=', 'done')
      .execute();
    expect(done).toEqual([]);
    expect((await request(requestId)).status).toBe('rejected');
  });

  it('waits out a backup lock: the agent reports Sage degraded, the export retries and resumes', async () => {
    const { stack, erpAdmin } = w.current;
    stack.sim.setFaults({ lock: true });
    try {
      const { requestId } = await sendVendor('Locked Out Glass');
      await accept(requestId, { vendorCode: 'LOCKGLASS' });
      const retried = await until(async () => {
        const r = await request(requestId);
        const failed = (r.history as { type: string; detail?: { message?: string } }[]).find(
          (h) => h.type === 'attempt_failed',
        );
        return failed ? { r, failed } : undefined;
      }, 15_000);
      expect(retried.r.status).toBe('exporting');
      expect(retried.failed.detail?.message).toMatch(/backup/);
      const status = await until(async () => {
        const agent = (await erpAdmin.get(`/companies/${c}/erp/agent`)).body;
        return agent.status === 'degraded' ? agent : undefined;
      }, 15_000);
      expect(status.sage).toMatchObject({ reachable: true, writable: false });
      stack.sim.setFaults({});
      await w.current.settled(requestId, 'synced', 30_000);
      expect(rows(tables.vendor).filter((row) => row.Vendor === 'LOCKGLASS')).toHaveLength(1);
    } finally {
      stack.sim.setFaults({});
    }
  });

  it('settles a write whose answer was lost (a slow commit) by read-back: one vendor, synced', async () => {
    const { stack } = w.current;
    await stack.agent.stop();
    await stack.restartAgent({ sageTimeoutMs: 500 });
    stack.sim.setFaults({ slowCommitMs: 1_500 });
    try {
      const { requestId } = await sendVendor('Slow Commit Steel');
      await accept(requestId, { vendorCode: 'SLOWSTEEL' });
      const failedOnce = await until(async () => {
        const r = await request(requestId);
        return (r.history as { type: string }[]).some((h) => h.type === 'attempt_failed') ? r : undefined;
      }, 15_000);
      expect(failedOnce.status).toBe('exporting');
      stack.sim.setFaults({});
      await w.current.settled(requestId, 'synced', 30_000);
      expect(rows(tables.vendor).filter((row) => row.Vendor === 'SLOWSTEEL')).toHaveLength(1);
    } finally {
      stack.sim.setFaults({});
    }
  });
});
