import { beforeAll, describe, expect, it } from 'vitest';
import { createSdxClient } from '../../src/erp/spectrum/sdx-client.ts';
import { testOutbound } from '../support/context.ts';
import { dialects, until } from '../support/databases.ts';
import { useErpWorld } from '../support/erp-world.ts';

/**
 * Regression tests of issue 13 ("never overwrite, never lose"), findings 1, 3, 4 and 5: each drives the
 * real API, worker and Spectrum simulator, and checks what the ERP holds afterwards, not only what our
 * statuses say — in every one of these bugs our side said all was well while a ledger record changed.
 */
describe.each(dialects)('issue 13 integrity findings on %s', (dialect) => {
  const w = useErpWorld(dialect);
  let c: string;
  /** The project every commitment below belongs to, exported as job IF100. */
  let projectId: string;
  const jobNumber = 'IF100';

  /** Spectrum as another of its users sees it: someone in accounting, working beside Ledgergate. */
  const spectrumUser = () =>
    createSdxClient({
      baseUrl: w.current.sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      outbound: testOutbound.erp,
    }).batch();

  const request = (id: string) => w.current.approver.get(`/companies/${c}/erp/requests/${id}`);

  /**
   * Waits until the export has ended, synced or failed, and answers the request as the API shows it: a
   * test expecting a failure then sees a wrong `synced` at once, with what it wrote to Spectrum.
   */
  const ended = (requestId: string) =>
    until(async () => {
      const r = await request(requestId);
      return r.body.status === 'synced' || r.body.status === 'failed' ? r.body : undefined;
    }, 20_000);

  /** Send to ERP of the record at `url`; answers the new request's id. */
  async function send(url: string): Promise<string> {
    const sent = await w.current.pm.post(`${url}/send-to-erp`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return sent.body.requestId;
  }

  /** Accept (or Update) of a request just sent, with the approver's options. */
  async function accept(requestId: string, options: Record<string, unknown> = {}) {
    const accepted = await w.current.approver.post(`/companies/${c}/erp/requests/${requestId}/accept`, {
      version: 1,
      ...options,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  }

  /** Send, accept and wait for the export to be synced; answers the request as the API shows it. */
  async function exported(url: string) {
    const requestId = await send(url);
    await accept(requestId);
    return w.current.settled(requestId);
  }

  const vendorCodeOf = (done: Record<string, unknown>) =>
    (done.result as { erpIds: { vendor: string } }).erpIds.vendor;

  async function exportedVendor(name: string): Promise<{ id: string; code: string }> {
    const vendor = await w.current.pm.post(`/companies/${c}/vendors`, { name, active: true });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    return {
      id: vendor.body.id,
      code: vendorCodeOf(await exported(`/companies/${c}/vendors/${vendor.body.id}`)),
    };
  }

  const commitments = () => `/companies/${c}/projects/${projectId}/commitments`;

  /** An approved subcontract on job IF100 with one line on 03-300 × L, exported; answers its id. */
  async function exportedSubcontract(number: string, vendorId: string, amount: string): Promise<string> {
    const commitment = await w.current.pm.post(commitments(), {
      type: 'subcontract',
      number,
      title: `Subcontract ${number}`,
      vendorId,
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount }],
    });
    expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
    await exported(`${commitments()}/${commitment.body.id}`);
    return commitment.body.id;
  }

  /** An approved change order on the commitment, one line on 03-300 × L; answers its URL. */
  async function changeOrder(
    commitmentId: string,
    fields: { number: string; title: string; description: string; amount: string },
  ): Promise<string> {
    const base = `${commitments()}/${commitmentId}/change-orders`;
    const order = await w.current.pm.post(base, {
      number: fields.number,
      title: fields.title,
      description: fields.description,
      status: 'approved',
      lines: [{ costCode: '03-300', costType: 'L', amount: fields.amount }],
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    return `${base}/${order.body.id}`;
  }

  /** A change request as Spectrum holds it on job IF100: its header and its cost lines. */
  const changeRequest = (number: string) => {
    const state = w.current.sim.state();
    const ofIt = (r: { Job_Number: string; Change_Request_Number: string }) =>
      r.Job_Number === jobNumber && r.Change_Request_Number === number;
    return { header: state.changeRequests.filter(ofIt), lines: state.changeRequestLines.filter(ofIt) };
  };

  beforeAll(async () => {
    const { pm, erpAdmin } = w.current;
    c = w.current.companyId;
    // A cost type Spectrum does not have, kept here by hand before the first sync (the lists are ours
    // only until then): finding 3 needs an export that Spectrum refuses after it has made the job.
    const costType = await erpAdmin.post(`/companies/${c}/cost-types`, {
      code: 'X',
      description: 'Permits',
      kind: 'other',
    });
    expect(costType.status, JSON.stringify(costType.body)).toBe(201);
    await w.current.mirrorFromErp();

    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Integrity Tower',
      number: jobNumber,
      active: true,
    });
    projectId = project.body.id;
    await pm.post(`/companies/${c}/projects/${projectId}/cost-codes`, { code: '03-300', costTypes: ['L'] });
    await exported(`/companies/${c}/projects/${projectId}`);
  });

  it('finding 1: a change order numbered like one already exported on another subcontract of the job gets its own change request; the first keeps its amount, subcontractor and description', async () => {
    const first = await exportedVendor('Ironside Formwork');
    const second = await exportedVendor('Keystone Pumping');
    const formwork = await exportedSubcontract('IF1-A', first.id, '20000.00');
    const pumping = await exportedSubcontract('IF1-B', second.id, '9000.00');

    const firstRequest = await send(
      await changeOrder(formwork, {
        number: 'CO-7',
        title: 'Extra formwork',
        description: 'Level 3 slab edge forms',
        amount: '1200.00',
      }),
    );
    await accept(firstRequest);
    const firstDone = await w.current.settled(firstRequest);
    const firstNumber = (firstDone.acceptOptions as { erpNumber: string }).erpNumber;
    const before = changeRequest(firstNumber);
    expect(before.header).toEqual([expect.objectContaining({ CR_Description: 'Level 3 slab edge forms' })]);
    expect(before.lines).toEqual([
      expect.objectContaining({
        Change_Request_Amount: '1200',
        Subcontractor_Code: first.code,
        Subcontract_Number: 'IF1-A',
        Sub_Description: 'Extra formwork',
      }),
    ]);

    // The same number, on the other subcontract of the same job: Spectrum keys change requests by job
    // and number, so reusing CO-7 there would write over the first.
    const secondRequest = await send(
      await changeOrder(pumping, {
        number: 'CO-7',
        title: 'Extra pumping',
        description: 'Boom pump for the core walls',
        amount: '800.00',
      }),
    );
    await accept(secondRequest);
    const secondDone = await w.current.settled(secondRequest);
    const secondNumber = (secondDone.acceptOptions as { erpNumber: string }).erpNumber;

    // Every record of the first change request is as it was, write counts included.
    expect(changeRequest(firstNumber)).toEqual(before);
    expect(secondNumber).not.toBe(firstNumber);
    expect(changeRequest(secondNumber)).toEqual({
      header: [expect.objectContaining({ CR_Description: 'Boom pump for the core walls' })],
      lines: [
        expect.objectContaining({
          Change_Request_Amount: '800',
          Subcontractor_Code: second.code,
          Subcontract_Number: 'IF1-B',
          Sub_Description: 'Extra pumping',
        }),
      ],
    });
    // Both are synced, and truly so: each is in Spectrum under its own number.
    expect((await request(firstRequest)).body.status).toBe('synced');
    expect((await request(secondRequest)).body.status).toBe('synced');
  });

  it('finding 3: a retry with another job number, after an export failed once it had made its first job, is refused when that job was made in Spectrum meanwhile, and leaves that job as it was', async () => {
    const { pm, approver, sim } = w.current;
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Harbor Lofts',
      number: 'IF300A',
      active: true,
    });
    await pm.post(`/companies/${c}/projects/${project.body.id}/cost-codes`, {
      code: '01-100',
      costTypes: ['L', 'X'],
    });
    const requestId = await send(`/companies/${c}/projects/${project.body.id}`);
    await accept(requestId);
    // Spectrum refuses cost type X only after the export has made job IF300A: it failed past its claim.
    const failed = await ended(requestId);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.error).toMatchObject({
      field: 'costTypes[]',
      message: expect.stringMatching(/Cost_Type X is not a cost type/),
    });
    expect(sim.state().jobs.find((j) => j.Job_Number === 'IF300A')).toMatchObject({
      Job_Description: 'Harbor Lofts',
    });

    // Meanwhile accounting makes job IF300B in Spectrum (after the last sync: our mirror does not know it).
    await spectrumUser().put('AddJob', {
      Job_Number: 'IF300B',
      Job_Description: 'Made in Spectrum',
      Taxable_Flag: 'N',
      Price_Method_Code: 'F',
    });
    const jobB = () => sim.state().jobs.find((j) => j.Job_Number === 'IF300B');
    const phasesOfB = () => sim.state().phases.filter((p) => p.Job_Number === 'IF300B');
    const before = { job: jobB(), phases: phasesOfB() };
    expect(before.job).toMatchObject({ Job_Description: 'Made in Spectrum', writeCount: 1 });

    const retried = await approver.post(`/companies/${c}/erp/requests/${requestId}/retry`, {
      version: failed.version,
      jobNumber: 'IF300B',
    });
    expect([202, 422], JSON.stringify(retried.body)).toContain(retried.status);
    const retryEnded = retried.status === 202 ? await ended(requestId) : undefined;
    // Job IF300B is accounting's: not a field of it changed, and no phase of our project was added to it.
    expect({ job: jobB(), phases: phasesOfB() }).toEqual(before);
    // Refused at once (422) or by the export the retry started: either way the reason names the job
    // number and says it is taken.
    const refusal = retried.body.errors?.[0] as { path: string; message: string } | undefined;
    const reason = retryEnded
      ? { status: retryEnded.status, ...(retryEnded.error as object) }
      : { status: 'refused', field: refusal?.path, message: refusal?.message };
    expect(reason).toMatchObject({
      status: expect.stringMatching(/^(failed|refused)$/),
      field: 'jobNumber',
      message: expect.stringMatching(/Job IF300B already exists in Spectrum/),
    });
    // The project is not linked to accounting's job: it waits, failed, for a number of its own.
    const view = await pm.get(`/companies/${c}/projects/${project.body.id}`);
    expect(view.body.erp).toEqual({
      status: 'failed',
      requestId,
      lastOutcome: expect.objectContaining({ status: 'failed' }),
    });
  });

  it('finding 3, continued: retries that made their jobs and failed past them find each of those jobs their own, the first number again included', async () => {
    const { pm, approver, sim } = w.current;
    const project = await pm.post(`/companies/${c}/projects`, {
      name: 'Dockside',
      number: 'IF310A',
      active: true,
    });
    await pm.post(`/companies/${c}/projects/${project.body.id}/cost-codes`, {
      code: '01-100',
      costTypes: ['L', 'X'],
    });
    const requestId = await send(`/companies/${c}/projects/${project.body.id}`);
    await accept(requestId);
    let failed = await ended(requestId);
    // Each retry makes its job, then Spectrum refuses cost type X: the export failed past its claim.
    // The approver tries another number, then comes back to the first: both jobs are this project's.
    for (const jobNumber of ['IF310B', 'IF310A']) {
      const retried = await approver.post(`/companies/${c}/erp/requests/${requestId}/retry`, {
        version: failed.version,
        jobNumber,
      });
      expect(retried.status, JSON.stringify(retried.body)).toBe(202);
      failed = await ended(requestId);
      // Never "already exists": the job there is the one this project's export made.
      expect(failed.error).toMatchObject({ field: 'costTypes[]' });
    }
    for (const jobNumber of ['IF310A', 'IF310B']) {
      expect(sim.state().jobs.filter((j) => j.Job_Number === jobNumber)).toEqual([
        expect.objectContaining({ Job_Description: 'Dockside' }),
      ]);
    }
  });

  const spectrumVendor = (code: string) => w.current.sim.state().vendors.find((v) => v.Vendor_Code === code);

  /** A vendor made by accounting in Spectrum, with its own sort key and terms; answers it as stored. */
  async function vendorMadeInSpectrum(code: string, name: string) {
    await spectrumUser().put('AddVendor', {
      Vendor_Code: code,
      Vendor_Name: name,
      Alpha_Sort: 'ACCTG',
      Terms_Code: 'B',
      Terms_Days: '45',
      Terms_Disc_Code: 'B',
    });
    const stored = spectrumVendor(code);
    expect(stored).toMatchObject({
      Vendor_Name: name,
      Alpha_Sort: 'ACCTG',
      Terms_Code: 'B',
      Terms_Days: '45',
    });
    return stored;
  }

  it('finding 4: a new vendor whose proposed or derived code Spectrum got after the last sync fails its export, naming vendorCode, and never overwrites that vendor', async () => {
    const { pm, approver } = w.current;

    // Proposed: the PM's code for the vendor, which our mirror does not know yet, so the accept itself
    // is fine; the export must find the vendor in Spectrum.
    const accountingOwn = await vendorMadeInSpectrum('IFPROP', 'Accounting Own Supply');
    const proposed = await pm.post(`/companies/${c}/vendors`, {
      name: 'Proposed Code Supply',
      vendorCode: 'IFPROP',
      active: true,
    });
    const proposedRequest = await send(`/companies/${c}/vendors/${proposed.body.id}`);
    await accept(proposedRequest);
    const proposedFailed = await ended(proposedRequest);
    expect(spectrumVendor('IFPROP')).toEqual(accountingOwn);
    expect(proposedFailed).toMatchObject({ status: 'failed' });
    expect(proposedFailed.error).toMatchObject({
      field: 'vendorCode',
      message: expect.stringMatching(/vendor IFPROP already/),
    });

    // Derived: "Granite Paving Co" derives GRANITEPAV (the name's first ten letters and digits).
    const granite = await vendorMadeInSpectrum('GRANITEPAV', 'Granite Paving (old)');
    const derived = await pm.post(`/companies/${c}/vendors`, { name: 'Granite Paving Co', active: true });
    const derivedRequest = await send(`/companies/${c}/vendors/${derived.body.id}`);
    await accept(derivedRequest);
    const derivedFailed = await ended(derivedRequest);
    expect(spectrumVendor('GRANITEPAV')).toEqual(granite);
    expect(derivedFailed).toMatchObject({ status: 'failed' });
    expect(derivedFailed.acceptOptions).toMatchObject({ vendorCode: 'GRANITEPAV' });
    expect(derivedFailed.error).toMatchObject({
      field: 'vendorCode',
      message: expect.stringMatching(/vendor GRANITEPAV already/),
    });

    // The reason is one the approver can act on: another code goes through, and Spectrum's vendor stays.
    const retried = await approver.post(`/companies/${c}/erp/requests/${proposedRequest}/retry`, {
      version: proposedFailed.version,
      vendorCode: 'IFPROP2',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    await w.current.settled(proposedRequest);
    expect(spectrumVendor('IFPROP2')).toMatchObject({ Vendor_Name: 'Proposed Code Supply' });
    expect(spectrumVendor('IFPROP')).toEqual(accountingOwn);
  });

  it('finding 5: the Update of a synced vendor with another vendor code is refused with 422 naming vendorCode; Spectrum keeps one vendor, and later change orders on its subcontract export', async () => {
    const { pm, approver, sim } = w.current;
    const vendor = await exportedVendor('Northgate Glazing');
    const subcontract = await exportedSubcontract('IF5-A', vendor.id, '15000.00');
    const url = `/companies/${c}/vendors/${vendor.id}`;
    const named = () => sim.state().vendors.filter((v) => v.Vendor_Name.startsWith('Northgate Glazing'));
    expect(named().map((v) => v.Vendor_Code)).toEqual([vendor.code]);

    // The PM cannot recode it either: the code is what links it to its ERP vendor.
    const current = await pm.get(url);
    const recode = await pm.patch(url, { version: current.body.version, vendorCode: 'NORTHGATE2' });
    expect(recode.status).toBe(409);
    expect(recode.body.errors).toEqual([expect.objectContaining({ path: 'vendorCode' })]);

    await pm.patch(url, { version: current.body.version, name: 'Northgate Glazing Inc' });
    const updateId = await send(url);
    expect((await request(updateId)).body.status).toBe('ready_to_update');
    const refused = await approver.post(`/companies/${c}/erp/requests/${updateId}/accept`, {
      version: 1,
      vendorCode: 'NORTHGATE2',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'vendorCode' })]);
    expect((await request(updateId)).body.status).toBe('ready_to_update');

    // Updated under its own code: still one vendor in Spectrum, renamed.
    await accept(updateId);
    const updated = await w.current.settled(updateId);
    expect(vendorCodeOf(updated)).toBe(vendor.code);
    expect(named()).toEqual([
      expect.objectContaining({ Vendor_Code: vendor.code, Vendor_Name: 'Northgate Glazing Inc' }),
    ]);
    expect(sim.state().vendors.some((v) => v.Vendor_Code === 'NORTHGATE2')).toBe(false);

    // Its subcontract still names that vendor, so a change order on it exports.
    const done = await exported(
      await changeOrder(subcontract, {
        number: 'CO-1',
        title: 'Extra glazing',
        description: 'Lobby storefront',
        amount: '2500.00',
      }),
    );
    const erpNumber = (done.acceptOptions as { erpNumber: string }).erpNumber;
    expect(changeRequest(erpNumber).lines).toEqual([
      expect.objectContaining({
        Subcontractor_Code: vendor.code,
        Subcontract_Number: 'IF5-A',
        Change_Request_Amount: '2500',
      }),
    ]);
  });
});
