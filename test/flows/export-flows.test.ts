import { beforeAll, describe, expect, it } from 'vitest';
import { createSdxClient } from '../../src/erp/spectrum/sdx-client.ts';
import { failExport } from '../../src/workflows/queue/record-export-outcome.ts';
import { testOutbound } from '../support/context.ts';
import { dialects } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';

/** Each seed workflow end to end: Send → Accept → the record in the Spectrum simulator, and every reject path. */
describe.each(dialects)('export flows into the Spectrum simulator on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let c: string;
  let projectId: string;
  let vendorId: string;
  let commitmentId: string;

  const phases = (job: string) => w.current.sim.state().phases.filter((p) => p.Job_Number === job);
  const request = (id: string) => w.current.approver.get(`/companies/${c}/erp/requests/${id}`);

  beforeAll(async () => {
    c = w.current.companyId;
    await w.current.mirrorFromErp();
  });

  it('accepts a project with a job template: the job takes the template fields and the project cost codes', async () => {
    const { pm, approver, sim } = w.current;
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Riverside Clinic',
      number: 'J100',
      active: true,
    });
    projectId = project.body.id;
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, {
      code: '03-300',
      costTypes: ['L', 'M'],
    });
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '01-100', costTypes: ['L'] });
    const sent = await pm.post(`/companies/${c}/projects/${projectId}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    const accepted = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, {
      version: 1,
      jobTemplate: 'TEMPLATE1',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const done = await w.current.settled(sent.body.requestId);
    expect(done.result).toEqual({ erpIds: expect.objectContaining({ job: 'J100' }) });
    expect((done.history as { type: string }[]).map((h) => h.type)).toEqual(['sent', 'accepted', 'synced']);

    const job = sim.state().jobs.find((j) => j.Job_Number === 'J100');
    expect(job).toMatchObject({
      Job_Description: 'Riverside Clinic',
      Division: '10',
      Customer_Code: 'GENCUST',
      Cost_Center: '100',
      Price_Method_Code: 'C',
      Taxable_Flag: 'Y',
      writeCount: 1,
    });
    expect(
      phases('J100')
        .map((p) => `${p.Phase_Code} ${p.Cost_Type} ${p.Description}`)
        .sort(),
    ).toEqual([
      '01100 L General Conditions',
      '03300 L Cast-in-Place Concrete',
      '03300 M Cast-in-Place Concrete',
    ]);
    const view = await pm.get(`/companies/${c}/projects/${projectId}`);
    expect(view.body.erp).toEqual({
      status: 'synced',
      jobNumber: 'J100',
      lastOutcome: {
        status: 'synced',
        by: expect.objectContaining({ id: expect.any(String) }),
        at: expect.any(String),
      },
    });
    const codes = await pm.get(`/companies/${c}/projects/${projectId}/cost-codes`);
    expect(
      codes.body.items.flatMap((i: { costTypes: { erpStatus: string }[] }) =>
        i.costTypes.map((t) => t.erpStatus),
      ),
    ).toEqual(['synced', 'synced', 'synced']);
  });

  it('refuses a job number that is already in the ERP, at accept', async () => {
    const { pm, approver } = w.current;
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Duplicate',
      number: 'J100',
      active: true,
    });
    const sent = await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`);
    const refused = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, {
      version: 1,
      jobTemplate: 'TEMPLATE1',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toEqual({
      path: 'jobNumber',
      message: 'Job J100 already exists in Spectrum; choose another number',
    });
    const rejected = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/reject`, {
      version: 1,
      comment: 'Use the existing job',
    });
    expect(rejected.body).toEqual({ status: 'rejected' });
    expect(
      // Version 2: the send moved it.
      (await pm.patch(`/companies/${c}/projects/${project.body.id}`, { version: 2, number: 'J101' })).status,
    ).toBe(200);
  });

  it('sends a project without a price method; at accept the chosen job template must fill it', async () => {
    const { pm, approver, t, sim } = w.current;
    const company = () => t.database.db.updateTable('companies').where('id', '=', c);
    const { settings } = await t.database.db
      .selectFrom('companies')
      .select('settings')
      .where('id', '=', c)
      .executeTakeFirstOrThrow();
    const { defaultJobTemplate: _default, ...withoutDefault } = JSON.parse(settings);
    await company()
      .set({ settings: JSON.stringify(withoutDefault) })
      .execute();
    try {
      const project = await pm.post(`/companies/${c}/projects`, {
        name: 'No Price',
        number: 'J150',
        active: true,
      });
      expect(project.body.priceMethod ?? null).toBeNull();
      const sent = await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`);
      expect(sent.status).toBe(201);
      const accept = `/companies/${c}/erp/requests/${sent.body.requestId}/accept`;
      const refused = await approver.post(accept, { version: 1 });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        { path: 'priceMethod', message: 'Price method is required by Spectrum' },
      ]);
      const accepted = await approver.post(accept, { version: 1, jobTemplate: 'TEMPLATE1' });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      expect((await w.current.settled(sent.body.requestId)).status).toBe('synced');
      expect(sim.state().jobs.find((j) => j.Job_Number === 'J150')).toMatchObject({ Price_Method_Code: 'C' });
    } finally {
      await company().set({ settings }).execute();
    }
  });

  it('updates cost codes: assignments are only added, the ERP description of an existing phase is kept', async () => {
    const { pm, approver, t } = w.current;
    // The mirror now knows job J100: the approver sees what the ERP has beside each code (A12).
    await w.current.mirrorFromErp();
    // Our list now names 03-300 differently from the ERP: the ERP's own description must survive.
    await t.database.db
      .updateTable('standard_cost_codes')
      .set({ description: 'Concrete (renamed here)' })
      .where('company_id', '=', c)
      .where('code', '=', '03-300')
      .execute();
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '03-300', costTypes: ['S'] });
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '02-200', costTypes: ['E'] });
    const sent = await pm.post(`/companies/${c}/projects/${projectId}/cost-codes/send-to-erp`);
    expect(sent.body.status).toBe('ready_to_update');
    const detail = await request(sent.body.requestId);
    expect(detail.body.requestedUpdates).toEqual({
      costCodes: [
        {
          code: '02-200',
          description: 'Earthwork',
          costTypes: ['E'],
          codeInErp: false,
          erpDescription: null,
          erpCostTypes: [],
        },
        {
          code: '03-300',
          description: 'Concrete (renamed here)',
          costTypes: ['S'],
          codeInErp: true,
          erpDescription: 'Cast-in-Place Concrete',
          erpCostTypes: ['L', 'M'],
        },
      ],
    });
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, { version: 1 });
    await w.current.settled(sent.body.requestId);
    expect(
      phases('J100')
        .map((p) => `${p.Phase_Code} ${p.Cost_Type} ${p.Description}`)
        .sort(),
    ).toEqual([
      '01100 L General Conditions',
      '02200 E Earthwork',
      '03300 L Cast-in-Place Concrete',
      '03300 M Cast-in-Place Concrete',
      '03300 S Cast-in-Place Concrete',
    ]);
  });

  it('exports a locked budget as original estimates, and a rejected revision unlocks it', async () => {
    const { pm, approver } = w.current;
    const url = `/companies/${c}/projects/${projectId}/budget`;
    const lines = [
      { costCode: '03-300', costType: 'L', amount: '12500.00' },
      { costCode: '03-300', costType: 'M', amount: '8000.50' },
      { costCode: '01-100', costType: 'L', amount: '2500.00' },
    ];
    await pm.put(`${url}/lines`, { version: 1, lines });
    await pm.post(`${url}/lock`, {});
    const sent = await pm.post(`${url}/send-to-erp`);
    expect(sent.body.status).toBe('ready_to_export');
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, { version: 1 });
    await w.current.settled(sent.body.requestId);
    const estimate = (code: string, type: string) =>
      Number(phases('J100').find((p) => p.Phase_Code === code && p.Cost_Type === type)?.Original_Est_Cost);
    expect([estimate('03300', 'L'), estimate('03300', 'M'), estimate('01100', 'L')]).toEqual([
      12500, 8000.5, 2500,
    ]);

    await pm.post(`${url}/unlock`, {});
    const budget = await pm.get(url);
    await pm.put(`${url}/lines`, {
      version: budget.body.version,
      lines: [{ ...lines[0]!, amount: '13000.00' }, lines[1], lines[2]],
    });
    await pm.post(`${url}/lock`, {});
    const revision = await pm.post(`${url}/send-to-erp`);
    expect(revision.body.status).toBe('ready_to_update');
    const rejected = await approver.post(`/companies/${c}/erp/requests/${revision.body.requestId}/reject`, {
      version: 1,
      comment: 'Not this month',
    });
    expect(rejected.status).toBe(200);
    expect((await pm.get(url)).body).toMatchObject({ locked: false, erp: { status: 'synced' } });
    expect(estimate('03300', 'L')).toBe(12500);
  });

  it('exports a budget revision as current estimates of the changed lines, the originals kept', async () => {
    const { pm, approver } = w.current;
    const url = `/companies/${c}/projects/${projectId}/budget`;
    const current = (code: string, type: string) =>
      phases('J100').find((p) => p.Phase_Code === code && p.Cost_Type === type);
    const budget = await pm.get(url);
    await pm.put(`${url}/lines`, {
      version: budget.body.version,
      lines: budget.body.lines.map((l: { costCode: string; costType: string; amount: string }) =>
        l.costCode === '03-300' && l.costType === 'L' ? { ...l, amount: '14000.00' } : l,
      ),
    });
    await pm.post(`${url}/lock`, {});
    const revision = await pm.post(`${url}/send-to-erp`);
    expect(revision.body.status).toBe('ready_to_update');
    const untouched = current('03300', 'M')!.writeCount;
    await approver.post(`/companies/${c}/erp/requests/${revision.body.requestId}/accept`, { version: 1 });
    await w.current.settled(revision.body.requestId);
    expect(current('03300', 'L')).toMatchObject({ Original_Est_Cost: '12500', Current_Est_Cost: '14000' });
    // Only the changed line was written: accounting's figures on the others stay theirs.
    expect(current('03300', 'M')!.writeCount).toBe(untouched);
    expect((await pm.get(url)).body).toMatchObject({ erp: { status: 'synced' } });
  });

  it('exports a vendor with a derived code, then a commitment with its lines', async () => {
    const { pm, approver, sim } = w.current;
    const vendor = await pm.post(`/companies/${c}/vendors`, {
      name: 'Bolt Concrete Works',
      active: true,
      address: { line1: '9 Quarry Rd', city: 'Austin', state: 'TX', zip: '78703' },
    });
    vendorId = vendor.body.id;
    const sentVendor = await pm.post(`/companies/${c}/vendors/${vendorId}/send-to-erp`);
    await approver.post(`/companies/${c}/erp/requests/${sentVendor.body.requestId}/accept`, { version: 1 });
    const vendorDone = await w.current.settled(sentVendor.body.requestId);
    expect(vendorDone.result).toEqual({ erpIds: expect.objectContaining({ vendor: 'BOLTCONCRE' }) });
    expect(sim.state().vendors.find((v) => v.Vendor_Code === 'BOLTCONCRE')).toMatchObject({
      Vendor_Name: 'Bolt Concrete Works',
      writeCount: 1,
    });

    const commitment = await pm.post(`/companies/${c}/projects/${projectId}/commitments`, {
      type: 'subcontract',
      number: 'SC-1',
      title: 'Concrete package',
      vendorId,
      status: 'approved',
      lines: [
        { costCode: '03-300', costType: 'L', amount: '40000.00', description: 'Place and finish' },
        { costCode: '03-300', costType: 'M', amount: '25000.00', description: 'Ready-mix' },
      ],
    });
    commitmentId = commitment.body.id;
    const sent = await pm.post(
      `/companies/${c}/projects/${projectId}/commitments/${commitmentId}/send-to-erp`,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, { version: 1 });
    await w.current.settled(sent.body.requestId);
    const state = sim.state();
    expect(state.subcontracts.find((s) => s.Subcontract_Number === 'SC-1')).toMatchObject({
      Vendor_Code: 'BOLTCONCRE',
      Job_Number: 'J100',
    });
    expect(
      state.subcontractPhases
        .filter((s) => s.Subcontract_Number === 'SC-1')
        .map((s) => [s.Phase_Code, s.Cost_Type, s.Bid_Item_Number, Number(s.Original_Contract_Amount)]),
    ).toEqual([
      ['03300', 'L', '1', 40000],
      ['03300', 'M', '2', 25000],
    ]);
    expect(
      (
        await pm.patch(`/companies/${c}/projects/${projectId}/commitments/${commitmentId}`, {
          version: commitment.body.version,
          title: 'x',
        })
      ).status,
    ).toBe(409);
  });

  it("writes a new vendor in one AddVendor call, and an update without touching accounting's terms, each retried after a failure", async () => {
    const { pm, approver, erpAdmin, sim } = w.current;
    const connect = (authorizationId: string) =>
      erpAdmin.put(`/companies/${c}/erp/connection`, {
        system: 'spectrum',
        baseUrl: sim.url,
        authorizationId,
        companyCode: '001',
        standardJob: 'STANDARD',
        phaseMask: '##-###',
      });
    /** Accepts while Spectrum refuses our authorization (the request fails), then retries once fixed. */
    async function exportAfterAFailure(requestId: string) {
      await connect('WRONG');
      let failed: Awaited<ReturnType<typeof w.current.settled>>;
      try {
        await approver.post(`/companies/${c}/erp/requests/${requestId}/accept`, { version: 1 });
        failed = await w.current.settled(requestId, 'failed');
      } finally {
        await connect('DEMO');
      }
      const calls = sim.calls('AddVendor') + sim.calls('UpdateVendor');
      const retried = await approver.post(`/companies/${c}/erp/requests/${requestId}/retry`, {
        version: failed.version,
      });
      expect(retried.status, JSON.stringify(retried.body)).toBe(202);
      const done = await w.current.settled(requestId);
      return { done, calls: sim.calls('AddVendor') + sim.calls('UpdateVendor') - calls };
    }

    const created = await pm.post(`/companies/${c}/vendors`, { name: 'Harbor Electric', active: true });
    const url = `/companies/${c}/vendors/${created.body.id}`;
    const first = await pm.post(`${url}/send-to-erp`);
    expect(first.body.status).toBe('ready_to_export');
    const exported = await exportAfterAFailure(first.body.requestId);
    const code = (exported.done.result as { erpIds: { vendor: string } }).erpIds.vendor;
    expect(exported.done.acceptOptions).toEqual({ kind: 'vendor', vendorCode: code, isNew: true });
    expect(exported.calls).toBe(1);
    const stored = () => sim.state().vendors.find((v) => v.Vendor_Code === code);
    expect(stored()).toMatchObject({
      Vendor_Name: 'Harbor Electric',
      Alpha_Sort: 'HARBOR',
      Terms_Code: 'A',
      Terms_Days: '30',
    });

    // Accounting sets the vendor's terms in Spectrum; our update must keep them.
    await createSdxClient({
      baseUrl: sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      outbound: testOutbound.erp,
    })
      .batch()
      .put('UpdateVendor', { Vendor_Code: code, Alpha_Sort: 'SPARKY', Terms_Code: 'B', Terms_Days: '45' });
    const vendor = await pm.get(url);
    await pm.patch(url, { version: vendor.body.version, email: 'ap@harbor.example' });
    const update = await pm.post(`${url}/send-to-erp`);
    expect(update.body.status).toBe('ready_to_update');
    const updated = await exportAfterAFailure(update.body.requestId);
    expect(updated.done.acceptOptions).toEqual({ kind: 'vendor', vendorCode: code, isNew: false });
    expect(updated.calls).toBe(1);
    expect(stored()).toMatchObject({
      Vendor_Name: 'Harbor Electric',
      Vendor_Email: 'ap@harbor.example',
      Alpha_Sort: 'SPARKY',
      Terms_Code: 'B',
      Terms_Days: '45',
    });
  });

  it('exports change orders, with a custom title only when the company has the feature', async () => {
    const { pm, approver, sim, t } = w.current;
    const base = `/companies/${c}/projects/${projectId}/commitments/${commitmentId}/change-orders`;
    const order = await pm.post(base, {
      number: 'CO1',
      title: 'Extra pour',
      description: 'Level 2 slab thickening',
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'M', amount: '1500.00' }],
    });
    const sent = await pm.post(`${base}/${order.body.id}/send-to-erp`);
    const refused = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, {
      version: 1,
      title: 'Custom title',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('title');
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, { version: 1 });
    await w.current.settled(sent.body.requestId);
    expect(sim.state().changeRequestLines.filter((r) => r.Change_Request_Number === 'CO1')).toEqual([
      expect.objectContaining({
        CR_Phase_Code: '03300',
        CR_Cost_Type: 'M',
        Change_Request_Amount: '1500',
        Sub_Description: 'Extra pour',
        Subcontract_Number: 'SC-1',
        // The subcontract line it changes: the commitment's line on 03-300 × M.
        Sub_Bid_Item_Code: '2',
      }),
    ]);

    await t.database.db
      .updateTable('companies')
      .set({ features: JSON.stringify({ customCcoTitle: true }) })
      .where('id', '=', c)
      .execute();
    const second = await pm.post(base, {
      number: 'CO2',
      title: 'Rebar',
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount: '-200.00' }],
    });
    const sentSecond = await pm.post(`${base}/${second.body.id}/send-to-erp`);
    const custom = await approver.post(`/companies/${c}/erp/requests/${sentSecond.body.requestId}/accept`, {
      version: 1,
      title: 'Rebar credit',
    });
    expect(custom.status).toBe(202);
    await w.current.settled(sentSecond.body.requestId);
    expect(sim.state().changeRequestLines.find((r) => r.Change_Request_Number === 'CO2')).toMatchObject({
      Sub_Description: 'Rebar credit',
      Change_Request_Amount: '-200',
    });

    // A rejected change order is editable again, in the change order's own view.
    const third = await pm.post(base, {
      number: 'CO3',
      title: 'Dowels',
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount: '90.00' }],
    });
    const sentThird = await pm.post(`${base}/${third.body.id}/send-to-erp`);
    await approver.post(`/companies/${c}/erp/requests/${sentThird.body.requestId}/reject`, {
      version: 1,
      comment: 'Combine with CO2',
    });
    expect(
      (
        await pm.patch(`${base}/${third.body.id}`, {
          version: third.body.version + 1, // the send moved it
          title: 'Dowels (combined)',
        })
      ).status,
    ).toBe(200);
  });

  it('numbers change requests per job: a second CO1 on another commitment of the job is CO1-2, the first untouched', async () => {
    const { pm, approver, sim } = w.current;
    const settle = async (sent: { body: { requestId: string } }) => {
      await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, { version: 1 });
      return w.current.settled(sent.body.requestId);
    };
    const commitments = `/companies/${c}/projects/${projectId}/commitments`;
    const second = await pm.post(commitments, {
      type: 'subcontract',
      number: 'SC-2',
      title: 'Concrete pumping',
      vendorId,
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount: '5000.00' }],
    });
    await settle(await pm.post(`${commitments}/${second.body.id}/send-to-erp`));
    const firstLines = () => sim.state().changeRequestLines.filter((l) => l.Change_Request_Number === 'CO1');
    const before = firstLines();
    const order = await pm.post(`${commitments}/${second.body.id}/change-orders`, {
      number: 'CO1',
      title: 'More pumping',
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount: '700.00' }],
    });
    const done = await settle(
      await pm.post(`${commitments}/${second.body.id}/change-orders/${order.body.id}/send-to-erp`),
    );
    expect(done.acceptOptions).toMatchObject({ kind: 'change_order', erpNumber: 'CO1-2' });
    expect(firstLines()).toEqual(before);
    expect(sim.state().changeRequestLines.filter((l) => l.Change_Request_Number === 'CO1-2')).toEqual([
      expect.objectContaining({
        Subcontract_Number: 'SC-2',
        Change_Request_Amount: '700',
        Sub_Bid_Item_Code: '1',
      }),
    ]);
  });

  it('fails with the message and field when the ERP refuses, and retries with corrected options', async () => {
    const { pm, approver, sim } = w.current;
    // Someone creates job 24-900 in Spectrum after the last sync: the export finds it and refuses to
    // overwrite it.
    const connector = await w.current.t.ctx.erp.forCompany(c);
    await connector.createJob(
      { jobNumber: '24-900', description: 'Made in Spectrum', priceMethod: 'F', taxable: true },
      [],
    );
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Orchard School',
      number: '24-900',
      active: true,
      priceMethod: 'F',
      taxable: false,
    });
    const sent = await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`);
    const accepted = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, {
      version: 1,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const failed = await w.current.settled(sent.body.requestId, 'failed');
    expect(failed.error).toEqual({
      message: 'Job 24-900 already exists in Spectrum; retry with another job number',
      field: 'jobNumber',
      erpCode: 'I',
    });
    expect(sim.state().jobs.find((j) => j.Job_Number === '24-900')?.Job_Description).toBe('Made in Spectrum');

    const retried = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/retry`, {
      version: failed.version as number,
      jobNumber: 'J201',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const done = await w.current.settled(sent.body.requestId);
    expect((done.history as { type: string }[]).map((h) => h.type)).toEqual([
      'sent',
      'accepted',
      'failed',
      'retried',
      'synced',
    ]);
    expect(sim.state().jobs.find((j) => j.Job_Number === 'J201')).toMatchObject({
      Job_Description: 'Orchard School',
      Price_Method_Code: 'F',
      Taxable_Flag: 'N',
    });
  });

  it('rejects cost codes and a commitment back to their owners, editable and sendable again', async () => {
    const { pm, approver } = w.current;
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '09-900', costTypes: ['S'] });
    const codes = await pm.post(`/companies/${c}/projects/${projectId}/cost-codes/send-to-erp`);
    await approver.post(`/companies/${c}/erp/requests/${codes.body.requestId}/reject`, {
      version: 1,
      comment: 'Painting is subcontracted later',
    });
    const listed = await pm.get(`/companies/${c}/projects/${projectId}/cost-codes`);
    const painting = listed.body.items.find((i: { code: string }) => i.code === '09-900');
    expect(painting.costTypes).toEqual([{ code: 'S', erpStatus: 'not_sent' }]);
    expect(
      (
        await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, {
          code: '09-900',
          costTypes: ['L'],
        })
      ).status,
    ).toBe(201);

    const commitment = await pm.post(`/companies/${c}/projects/${projectId}/commitments`, {
      type: 'purchase_order',
      number: 'PO-7',
      title: 'Rebar supply',
      vendorId,
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'M', amount: '900.00' }],
    });
    const sent = await pm.post(
      `/companies/${c}/projects/${projectId}/commitments/${commitment.body.id}/send-to-erp`,
    );
    const rejected = await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/reject`, {
      version: 1,
      comment: 'Wrong vendor',
    });
    expect(rejected.status).toBe(200);
    const edited = await pm.patch(`/companies/${c}/projects/${projectId}/commitments/${commitment.body.id}`, {
      version: commitment.body.version + 1, // the send moved it
      title: 'Rebar supply (rebid)',
    });
    expect(edited.status).toBe(200);
    const detail = await approver.get(`/companies/${c}/erp/requests/${sent.body.requestId}`);
    expect(detail.body.history.at(-1)).toMatchObject({
      type: 'rejected',
      detail: { comment: 'Wrong vendor' },
    });
    expect(
      (await pm.post(`/companies/${c}/projects/${projectId}/commitments/${commitment.body.id}/send-to-erp`))
        .status,
    ).toBe(201);
  });

  it('lets exactly one of two racing approvers act', async () => {
    const { pm, approver } = w.current;
    const vendor = await pm.post(`/companies/${c}/vendors`, { name: 'Race Electric', active: true });
    const sent = await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`);
    const url = `/companies/${c}/erp/requests/${sent.body.requestId}`;
    const [a, b] = await Promise.all([
      approver.post(`${url}/accept`, { version: 1 }),
      approver.post(`${url}/reject`, { version: 1, comment: 'No' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(
      [200, 409].includes(a.status) ? [200, 409].sort() : [202, 409].sort(),
    );
    expect([a.status, b.status]).toContain(409);
  });

  it('records no failure for a request another run of its job has synced meanwhile', async () => {
    const { pm, approver, t } = w.current;
    const vendor = await pm.post(`/companies/${c}/vendors`, { name: 'Late Failure Supply', active: true });
    const sent = await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`);
    await approver.post(`/companies/${c}/erp/requests/${sent.body.requestId}/accept`, { version: 1 });
    expect((await w.current.settled(sent.body.requestId)).status).toBe('synced');
    const synced = await t.database.db
      .selectFrom('erp_requests')
      .selectAll()
      .where('id', '=', sent.body.requestId)
      .executeTakeFirstOrThrow();
    // A slower run still holds the request as it was while exporting, and now fails.
    const stale = { ...synced, status: 'exporting' as const, version: synced.version - 1 };
    await t.database.db
      .transaction()
      .execute((trx) => failExport(t.ctx, trx, stale, { message: 'too late' }, new Date()));
    const after = await request(sent.body.requestId);
    expect(after.body.status).toBe('synced');
    expect((after.body.history as { type: string }[]).map((h) => h.type)).toEqual([
      'sent',
      'accepted',
      'synced',
    ]);
    const failedEvents = await t.database.db
      .selectFrom('company_events')
      .select('data')
      .where('company_id', '=', c)
      .where('type', '=', 'request.failed')
      .execute();
    expect(failedEvents.filter((e) => JSON.parse(e.data).requestId === sent.body.requestId)).toEqual([]);
  });

  it('accepts and rejects in bulk with a result per item', async () => {
    const { pm, approver } = w.current;
    const ids: string[] = [];
    for (const name of ['Bulk One Supply', 'Bulk Two Supply', 'Bulk Three Supply']) {
      const vendor = await pm.post(`/companies/${c}/vendors`, { name, active: true });
      ids.push((await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`)).body.requestId);
    }
    const accepted = await approver.post(`/companies/${c}/erp/requests/bulk`, {
      action: 'accept',
      ids: [ids[0], ids[1], 'unknown-id'],
    });
    expect(accepted.body.results).toEqual([
      { id: ids[0], ok: true, status: 'exporting' },
      { id: ids[1], ok: true, status: 'exporting' },
      { id: 'unknown-id', ok: false, error: { code: 'not_found', detail: 'ERP request was not found' } },
    ]);
    const rejected = await approver.post(`/companies/${c}/erp/requests/bulk`, {
      action: 'reject',
      ids: [ids[2], ids[0]],
      comment: 'Duplicate vendor',
    });
    expect(rejected.body.results[0]).toEqual({ id: ids[2], ok: true, status: 'rejected' });
    expect(rejected.body.results[1]).toMatchObject({
      id: ids[0],
      ok: false,
      error: { code: 'invalid_state' },
    });
    await w.current.settled(ids[0]!);
    await w.current.settled(ids[1]!);
    const noComment = await approver.post(`/companies/${c}/erp/requests/bulk`, {
      action: 'reject',
      ids: [ids[2]],
    });
    expect(noComment.status).toBe(400);
  });

  it('derives distinct vendor codes for vendors accepted together, so none overwrites another', async () => {
    const { pm, approver, sim } = w.current;
    const ids: string[] = [];
    // More namesakes than candidate codes looked up at once.
    const names = Array.from({ length: 12 }, (_, i) => `Acme Supply ${i + 1}`);
    for (const name of names) {
      const vendor = await pm.post(`/companies/${c}/vendors`, { name, active: true });
      ids.push((await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`)).body.requestId);
    }
    const bulk = await approver.post(`/companies/${c}/erp/requests/bulk`, { action: 'accept', ids });
    expect(
      bulk.body.results.map((r: { ok: boolean }) => r.ok),
      JSON.stringify(bulk.body),
    ).toEqual(names.map(() => true));
    const codes = [];
    for (const id of ids)
      codes.push(((await w.current.settled(id)).result as { erpIds: { vendor: string } }).erpIds.vendor);
    expect(codes).toEqual([
      'ACMESUPPLY',
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `ACMESUPPL${n}`),
      ...[10, 11, 12].map((n) => `ACMESUPP${n}`),
    ]);
    expect(codes.map((code) => sim.state().vendors.find((v) => v.Vendor_Code === code)?.Vendor_Name)).toEqual(
      names,
    );
  });

  it('lists the queue with filters and paging, each item with its preflight', async () => {
    const { approver } = w.current;
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; preflight: unknown }[]; nextCursor: string | null } } =
        await approver.get(`/companies/${c}/erp/requests?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((i) => i.id));
      expect(page.body.items.every((i) => i.preflight)).toBe(true);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    const synced = await approver.get(`/companies/${c}/erp/requests?status=synced&kind=vendor`);
    expect(synced.body.items.length).toBeGreaterThanOrEqual(3);
    expect(
      synced.body.items.every(
        (i: { status: string; kind: string }) => i.status === 'synced' && i.kind === 'vendor',
      ),
    ).toBe(true);
  });
});
