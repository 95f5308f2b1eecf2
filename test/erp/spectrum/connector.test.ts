/**
 * What the Spectrum connector sends, checked in the simulator's stored records: the mapping choices
 * the generic contract kit cannot see (codes without dashes, defaults, statuses, sums, keys, derived
 * fields, enhanced authentication, row limits).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateClaim, DuplicateErpError, RejectedErpError } from '../../../src/erp/connector.ts';
import { createSpectrumConnector, type SpectrumSettings } from '../../../src/erp/spectrum/connector.ts';
import { createSdxClient } from '../../../src/erp/spectrum/sdx-client.ts';
import {
  demoOAuthClient,
  type SpectrumSimulator,
  startSpectrumSimulator,
} from '../../../src/erp/spectrum/simulator/index.ts';
import { testOutbound } from '../../support/context.ts';

const amount = (text: string | undefined) => Number(text || 0);
const unclaimed: CreateClaim = { claimed: false, claim: async () => {} };

describe('Spectrum connector mapping', () => {
  let simulator: SpectrumSimulator;
  let settings: SpectrumSettings;
  let connector: ReturnType<typeof createSpectrumConnector>;

  beforeAll(async () => {
    simulator = await startSpectrumSimulator({ seed: 'demo' });
    settings = {
      baseUrl: simulator.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      outbound: testOutbound.erp,
    };
    connector = createSpectrumConnector(settings);
  });
  afterAll(async () => {
    await simulator.close();
  });

  async function newJob(jobNumber: string, extra: { customerCode?: string } = { customerCode: 'GENCUST' }) {
    await connector.createJob(
      { jobNumber, description: `Job ${jobNumber}`, priceMethod: 'F', taxable: false, ...extra },
      [
        { code: '91-100', description: 'Concrete', costTypes: ['L', 'M'] },
        { code: '91-200', description: 'Steel', costTypes: ['S'] },
      ],
    );
  }
  const job = (jobNumber: string) => simulator.state().jobs.find((row) => row.Job_Number === jobNumber);
  const phases = (jobNumber: string) =>
    simulator.state().phases.filter((row) => row.Job_Number === jobNumber);

  it('sends phase codes without dashes and reads them back with the mask', async () => {
    await newJob('MAP-1');
    expect(
      phases('MAP-1')
        .map((row) => `${row.Phase_Code} ${row.Cost_Type} ${row.Description} ${row.Price_Method_Code}`)
        .sort(),
    ).toEqual(['91100 L Concrete J', '91100 M Concrete J', '91200 S Steel J']);
    expect((await connector.listJobCosts('MAP-1')).map((row) => row.code).sort()).toEqual([
      '91-100',
      '91-100',
      '91-200',
    ]);
    const unmasked = createSpectrumConnector({ ...settings, phaseMask: undefined });
    expect((await unmasked.listJobCosts('MAP-1')).map((row) => row.code).sort()).toEqual([
      '91100',
      '91100',
      '91200',
    ]);
  });

  it('treats 03-300 and 03300 as one code, every cost type once', async () => {
    await newJob('MAP-2');
    const result = await connector.addCostCodes('MAP-2', [
      { code: '92-100', description: 'Doors', costTypes: ['L'] },
      { code: '92100', description: 'Ignored', costTypes: ['L', 'M'] },
    ]);
    const stored = phases('MAP-2').filter((row) => row.Phase_Code === '92100');
    expect(stored.map((row) => [row.Cost_Type, row.Description, row.writeCount])).toEqual([
      ['L', 'Doors', 1],
      ['M', 'Doors', 1],
    ]);
    expect(result.erpIds).toMatchObject({ '92-100 L': 'MAP-2 92100 L', '92-100 M': 'MAP-2 92100 M' });
  });

  it("fills a job from its template through GetJob and GetJobMain, the taxable flag from the project or the connection's default", async () => {
    const calls = (service: 'GetJob' | 'GetJobMain') => simulator.calls(service);
    const [jobs, mains] = [calls('GetJob'), calls('GetJobMain')];
    await connector.createJob(
      { jobNumber: 'MAP-T1', description: 'From template', template: 'TEMPLATE1', taxable: false },
      [],
    );
    expect(calls('GetJob')).toBeGreaterThan(jobs);
    expect(calls('GetJobMain')).toBeGreaterThan(mains);
    const template = job('TEMPLATE1')!;
    expect(job('MAP-T1')).toMatchObject({
      Division: template.Division,
      Customer_Code: template.Customer_Code,
      Cost_Center: template.Cost_Center,
      Price_Method_Code: template.Price_Method_Code,
      Address_1: template.Address_1,
      City: template.City,
      Taxable_Flag: 'N',
    });
    // No documented read returns a job's taxable flag: without the project's, only the connection's.
    const writes = simulator.state().writes.AddJob;
    await expect(
      connector.createJob({ jobNumber: 'MAP-T2', description: 'No flag', template: 'TEMPLATE1' }, []),
    ).rejects.toMatchObject({ name: 'RejectedErpError', field: 'taxable' });
    expect(simulator.state().writes.AddJob).toBe(writes);
    const taxed = createSpectrumConnector({ ...settings, defaultTaxable: true });
    await taxed.createJob({ jobNumber: 'MAP-T2', description: 'Default flag', template: 'TEMPLATE1' }, []);
    expect(job('MAP-T2')?.Taxable_Flag).toBe('Y');
    expect(taxed.describe().fields.project.find((rule) => rule.path === 'taxable')?.required).toBe(false);
    expect(connector.describe().fields.project.find((rule) => rule.path === 'taxable')?.required).toBe(true);
  });

  it('never sends a value Spectrum would cut short: it refuses naming our field, before any call', async () => {
    const writes = simulator.state().writes.AddJob;
    await expect(
      connector.createJob(
        { jobNumber: 'MAP-L1', description: 'A description longer than 25', taxable: true, priceMethod: 'F' },
        [],
      ),
    ).rejects.toMatchObject({ name: 'RejectedErpError', field: 'name', erpCode: 'length' });
    expect(simulator.state().writes.AddJob).toBe(writes);
    expect(simulator.state().truncatedValues).toEqual({});
  });

  it('sets original estimates first, then revises current ones; sums lines per code × cost type; never creates a phase', async () => {
    await newJob('MAP-3');
    const lines = [
      { code: '91-100', costType: 'L', amount: 125_000 },
      { code: '91100', costType: 'L', amount: 50 },
      { code: '91-200', costType: 'S', amount: 99_999_999_99 },
    ];
    await connector.setEstimates('MAP-3', lines);
    const estimates = () =>
      phases('MAP-3').map((row) => [
        row.Phase_Code,
        row.Cost_Type,
        amount(row.Original_Est_Cost),
        amount(row.Current_Est_Cost),
        row.Description,
      ]);
    expect(estimates()).toEqual([
      ['91100', 'L', 1250.5, 1250.5, 'Concrete'],
      ['91100', 'M', 0, 0, 'Concrete'],
      ['91200', 'S', 99999999.99, 99999999.99, 'Steel'],
    ]);
    await connector.setEstimates('MAP-3', [{ code: '91-100', costType: 'L', amount: 200_000 }], {
      revision: true,
    });
    expect(estimates()[0]).toEqual(['91100', 'L', 1250.5, 2000, 'Concrete']);
    expect(estimates()[2]).toEqual(['91200', 'S', 99999999.99, 99999999.99, 'Steel']);
    expect((await connector.listJobCosts('MAP-3'))[0]).toMatchObject({ currentEstimate: 200_000 });

    const failure = await connector
      .setEstimates('MAP-3', [{ code: '91-200', costType: 'L', amount: 1 }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RejectedErpError);
    expect(failure).toMatchObject({
      field: 'lines[].code',
      erpCode: 'M',
      message: /91-200 L: not on job MAP-3/,
    });
    expect(phases('MAP-3')).toHaveLength(3);
  });

  it('reads a revision back and refuses it when Spectrum ignores current estimates (display only)', async () => {
    const displayOnly = await startSpectrumSimulator({ seed: 'demo', currentEstimateDisplayOnly: true });
    try {
      const other = createSpectrumConnector({ ...settings, baseUrl: displayOnly.url });
      await expect(
        other.setEstimates('24-001', [{ code: '01-100', costType: 'L', amount: 1_00 }], { revision: true }),
      ).rejects.toMatchObject({ field: 'lines[].amount', message: /display only/ });
    } finally {
      await displayOnly.close();
    }
  });

  const storedVendor = (code: string) => simulator.state().vendors.find((v) => v.Vendor_Code === code);
  const vendorWrites = () => simulator.calls('AddVendor') + simulator.calls('UpdateVendor');

  it('creates a vendor in one AddVendor with a sort key from its name and terms A/30, discount terms A', async () => {
    const vendor = { vendorCode: 'MAPV1', name: "O'Brien & Sons Electric", email: 'ap@obrien.example' };
    const calls = vendorWrites();
    await connector.createVendor(vendor);
    expect(vendorWrites() - calls).toBe(1);
    const stored = storedVendor('MAPV1');
    expect(stored).toMatchObject({
      Vendor_Name: "O'Brien & Sons Electric",
      Alpha_Sort: 'OBRIEN',
      Terms_Code: 'A',
      Terms_Days: '30',
      Terms_Disc_Code: 'A',
      Vendor_Email: 'ap@obrien.example',
      Status: 'A',
      writeCount: 1,
    });
    // A re-run holding the claim finds its own vendor: nothing changes.
    await connector.createVendor(vendor, { claimed: true, claim: async () => {} });
    expect(storedVendor('MAPV1')).toEqual(stored);
  });

  it('refuses a new vendor under the code of an inactive one (the list shows active vendors only)', async () => {
    expect(storedVendor('IRONWOOD')?.Status).toBe('I');
    expect((await connector.listVendors()).map((v) => v.vendorCode)).not.toContain('IRONWOOD');
    const before = storedVendor('IRONWOOD');
    const failure = await connector
      .createVendor({ vendorCode: 'IRONWOOD', name: 'Another Ironwood' }, unclaimed)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DuplicateErpError);
    expect(failure).toMatchObject({ field: 'vendorCode', message: /inactive or new vendor IRONWOOD/ });
    expect(storedVendor('IRONWOOD')).toEqual(before);
  });

  it('updates a vendor with UpdateVendor, sending only what changed, and says what Spectrum cannot clear', async () => {
    // Accounting changed the terms and the sort key in Spectrum; an update must not put ours back.
    await createSdxClient(settings)
      .batch()
      .put('UpdateVendor', { Vendor_Code: 'MAPV1', Terms_Code: 'B', Terms_Days: '45', Alpha_Sort: 'SPARKY' });
    const calls = simulator.calls('UpdateVendor');
    const result = await connector.updateVendor({
      vendorCode: 'MAPV1',
      name: "O'Brien and Sons",
      address: { city: 'Reno' },
      email: null,
      active: false,
    });
    expect(simulator.calls('UpdateVendor') - calls).toBe(1);
    expect(storedVendor('MAPV1')).toMatchObject({
      Vendor_Name: "O'Brien and Sons",
      Alpha_Sort: 'SPARKY',
      Terms_Code: 'B',
      Terms_Days: '45',
      Address_3: 'Reno',
      Vendor_Email: 'ap@obrien.example',
      Status: 'I',
    });
    expect(result.warnings).toEqual([expect.stringMatching(/keeps the vendor's address line1, .*email/)]);
  });

  it('writes a subcontract with the default GL account, SDX dates and percentages, lines keyed by their items', async () => {
    await newJob('MAP-4');
    await connector.createVendor({ vendorCode: 'MAPV2', name: 'Steel Co' });
    const commitment = {
      jobNumber: 'MAP-4',
      vendorCode: 'MAPV2',
      number: 'SC-1',
      title: 'Steel package',
      status: 'approved' as const,
      retentionPercent: 7.5,
      dateIssued: '2025-03-07',
      lines: [
        { item: '3', code: '91-200', costType: 'S', amount: 1_000_000, description: 'Erection' },
        { item: '7', code: '91-100', costType: 'M', amount: 250_050 },
      ],
    };
    await connector.upsertCommitment(commitment);
    const header = () => simulator.state().subcontracts.find((sc) => sc.Subcontract_Number === 'SC-1');
    expect(header()).toMatchObject({
      Job_Number: 'MAP-4',
      GL_Account: '5000',
      Comment: 'Steel package',
      Status_Code: 'A',
      Date_Issued: '03/07/2025',
    });
    expect(amount(header()?.Retention_Percent)).toBe(7.5);
    const lines = () =>
      simulator
        .state()
        .subcontractPhases.filter((line) => line.Subcontract_Number === 'SC-1')
        .map((line) => [
          line.Bid_Item_Number,
          line.Phase_Code,
          line.Cost_Type,
          line.Bill_Description,
          amount(line.Original_Contract_Amount),
        ])
        .sort();
    expect(lines()).toEqual([
      ['3', '91200', 'S', 'Erection', 10000],
      ['7', '91100', 'M', 'Concrete', 2500.5],
    ]);
    await connector.upsertCommitment({ ...commitment, title: 'Void', status: 'void', lines: [] });
    expect(header()?.Status_Code).toBe('C');
  });

  it("writes a change request under our number with the job's customer, one line per subcontract line", async () => {
    await newJob('MAP-5');
    await connector.createVendor({ vendorCode: 'MAPV3', name: 'Concrete Co' });
    await connector.upsertCommitment({
      jobNumber: 'MAP-5',
      vendorCode: 'MAPV3',
      number: 'SC-2',
      title: 'Concrete',
      status: 'approved',
      lines: [
        { item: '1', code: '91-100', costType: 'L', amount: 100_000 },
        { item: '2', code: '91-100', costType: 'M', amount: 100_000 },
      ],
    });
    const changeOrder = {
      jobNumber: 'MAP-5',
      vendorCode: 'MAPV3',
      commitmentNumber: 'SC-2',
      number: 'CHANGE ORDER 1',
      erpNumber: 'CO1',
      title: 'Extra slab',
      status: 'approved' as const,
      date: '2025-04-01',
      lines: [
        { code: '91-100', costType: 'L', amount: 10_000, commitmentItem: '1' },
        { code: '91-100', costType: 'L', amount: 2_500, commitmentItem: '1' },
        { code: '91-100', costType: 'M', amount: -1_000, commitmentItem: '2' },
      ],
    };
    await connector.upsertChangeOrder(changeOrder);
    const state = () => simulator.state();
    const lines = () => state().changeRequestLines.filter((line) => line.Change_Request_Number === 'CO1');
    expect(
      lines().map((l) => [
        l.CR_Phase_Code,
        l.CR_Cost_Type,
        l.Sub_Bid_Item_Code,
        amount(l.Change_Request_Amount),
        amount(l.Sub_Amount),
        l.Sub_Status,
        l.Sub_Change_Order_Number,
      ]),
    ).toEqual([
      ['91100', 'L', '1', 125, 125, 'E', 'CO1'],
      ['91100', 'M', '2', -10, -10, 'E', 'CO1'],
    ]);
    const header = () => state().changeRequests.find((cr) => cr.Change_Request_Number === 'CO1');
    expect(header()).toMatchObject({
      Job_Number: 'MAP-5',
      Customer_Code: 'GENCUST',
      CR_Description: 'Extra slab',
      CR_Status: 'A',
      Origination_Date: '04/01/2025',
    });
    await connector.upsertChangeOrder({ ...changeOrder, status: 'void' });
    expect(header()?.CR_Status).toBe('D');
    expect(lines().map((l) => l.Sub_Status)).toEqual(['R', 'R']);
  });

  it('sets removed lines to zero, but sends none under a phase the job lacks or a key a current line keeps', async () => {
    await newJob('MAP-8');
    await connector.createVendor({ vendorCode: 'MAPV5', name: 'Removed Co' });
    const commitment = {
      jobNumber: 'MAP-8',
      vendorCode: 'MAPV5',
      number: 'SC-5',
      title: 'Removed lines',
      status: 'approved' as const,
      lines: [
        { item: '1', code: '91-100', costType: 'L', amount: 50_000 },
        { item: '2', code: '91-200', costType: 'S', amount: 20_000 },
      ],
    };
    await connector.upsertCommitment(commitment);
    // No line can be under 99-900 (not a phase of the job); 91100 is 91-100 written without its dash.
    const removedLines = [
      { item: '1', code: '91-100', costType: 'L' },
      { item: '2', code: '91-200', costType: 'S' },
      { item: '3', code: '99-900', costType: 'S' },
    ];
    const calls = simulator.calls('UpdateSubcontractPhases');
    await connector.upsertCommitment({
      ...commitment,
      lines: [{ item: '1', code: '91100', costType: 'L', amount: 60_000 }],
      removedLines,
    });
    expect(simulator.calls('UpdateSubcontractPhases') - calls).toBe(2);
    expect(
      simulator
        .state()
        .subcontractPhases.filter((line) => line.Subcontract_Number === 'SC-5')
        .map((line) => [
          line.Bid_Item_Number,
          line.Phase_Code,
          line.Cost_Type,
          amount(line.Original_Contract_Amount),
        ])
        .sort(),
    ).toEqual([
      ['1', '91100', 'L', 600],
      ['2', '91200', 'S', 0],
    ]);

    const changeOrder = {
      jobNumber: 'MAP-8',
      vendorCode: 'MAPV5',
      commitmentNumber: 'SC-5',
      number: 'CO 5',
      erpNumber: 'CO5',
      title: 'Removed lines',
      status: 'approved' as const,
      lines: [
        { code: '91-100', costType: 'L', amount: 1_000, commitmentItem: '1' },
        { code: '91-100', costType: 'M', amount: 2_000 },
      ],
    };
    await connector.upsertChangeOrder(changeOrder);
    await connector.upsertChangeOrder({
      ...changeOrder,
      lines: [changeOrder.lines[0]!],
      removedLines: [
        { code: '91-100', costType: 'M' },
        { code: '99-900', costType: 'S', commitmentItem: '3' },
      ],
    });
    expect(
      simulator
        .state()
        .changeRequestLines.filter((line) => line.Change_Request_Number === 'CO5')
        .map((line) => [
          line.CR_Phase_Code,
          line.CR_Cost_Type,
          line.Sub_Bid_Item_Code,
          amount(line.Sub_Amount),
        ]),
    ).toEqual([
      ['91100', 'L', '1', 10],
      ['91100', 'M', '', 0],
    ]);
  });

  it('refuses a change order on a job without a customer, or without lines', async () => {
    await newJob('MAP-6', {});
    const changeOrder = {
      jobNumber: 'MAP-6',
      vendorCode: 'X',
      commitmentNumber: 'X',
      number: 'CO-2',
      erpNumber: 'CO-2',
      title: 'T',
      status: 'approved' as const,
      lines: [{ code: '91-100', costType: 'L', amount: 1 }],
    };
    await expect(connector.upsertChangeOrder(changeOrder)).rejects.toMatchObject({
      field: 'jobNumber',
      message: /no customer/,
    });
    await expect(
      connector.upsertChangeOrder({ ...changeOrder, jobNumber: 'MAP-1', lines: [] }),
    ).rejects.toMatchObject({ field: 'lines' });
    expect(simulator.state().changeRequests.filter((cr) => cr.Change_Request_Number === 'CO-2')).toEqual([]);
  });

  it('keeps the Spectrum column in the message when the refused value is not one of our fields', async () => {
    await newJob('MAP-7');
    await connector.createVendor({ vendorCode: 'MAPV4', name: 'Any' });
    // 6000 is an overhead account: a subcontract needs a direct job-cost one.
    const misconfigured = createSpectrumConnector({ ...settings, glAccount: '6000' });
    const failure = await misconfigured
      .upsertCommitment({
        jobNumber: 'MAP-7',
        vendorCode: 'MAPV4',
        number: 'SC-3',
        title: 'T',
        status: 'approved',
        lines: [],
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RejectedErpError);
    expect(failure).toMatchObject({ field: undefined, erpCode: 'I', message: /Spectrum column GL_Account/ });
  });

  it('refuses a date that is not YYYY-MM-DD before sending anything', async () => {
    const writes = simulator.state().writes.UpdateSubcontract;
    await expect(
      connector.upsertCommitment({
        jobNumber: 'MAP-1',
        vendorCode: 'MAPV1',
        number: 'SC-4',
        title: 'T',
        status: 'approved',
        dateIssued: '03/07/2025',
        lines: [],
      }),
    ).rejects.toMatchObject({ field: 'dateIssued' });
    expect(simulator.state().writes.UpdateSubcontract).toBe(writes);
  });

  it('reads cost types off the standard job, with their kind', async () => {
    expect(await connector.listCostTypes()).toEqual(
      expect.arrayContaining([
        { code: 'L', kind: 'labor', description: 'Labor' },
        { code: 'M', kind: 'material', description: 'Material' },
        { code: 'S', kind: 'subcontract', description: 'Subcontract' },
        { code: 'E', kind: 'equipment', description: 'Equipment' },
        { code: 'O', kind: 'overhead', description: 'Overhead' },
      ]),
    );
    const standard = await connector.listStandardCostCodes();
    expect(standard).toContainEqual({
      code: '03-300',
      description: 'Cast-in-Place Concrete',
      costTypes: ['E', 'L', 'M', 'S'],
    });
  });

  it('lists complete jobs too, with the price method GetJobMain gives, and offers open jobs but the standard one as templates', async () => {
    const jobs = await connector.listJobs();
    expect(jobs.find((j) => j.jobNumber === '22-017')?.status).toBe('complete');
    expect(jobs.find((j) => j.jobNumber === 'TEMPLATE1')?.priceMethod).toBe('C');
    const templates = (await connector.listJobTemplates()).map((j) => j.jobNumber);
    expect(templates).toContain('TEMPLATE1');
    expect(templates).not.toContain('STANDARD');
    expect(templates).not.toContain('22-017');
  });

  it('narrows a job list Spectrum cuts at its row limit by status and division, and refuses one it cannot', async () => {
    const limited = await startSpectrumSimulator({ seed: 'demo' });
    try {
      const other = createSpectrumConnector({ ...settings, baseUrl: limited.url, defaultTaxable: false });
      for (const [n, division] of ['10', '10', '20', '30', '30', '40'].entries()) {
        await other.createJob(
          {
            jobNumber: `LIM-${n}`,
            description: `Limit ${n}`,
            division,
            priceMethod: 'F',
            customerCode: 'GENCUST',
          },
          [],
        );
      }
      const whole = await other.listJobs();
      limited.setFaults({ maxRows: 5 });
      expect(await other.listJobs()).toEqual(whole);
      limited.setFaults({ maxRows: 1 });
      await expect(other.listJobs()).rejects.toMatchObject({
        name: 'RejectedErpError',
        message: /cannot be read whole/,
      });
    } finally {
      await limited.close();
    }
  });

  it("renews a batch's GUID when Spectrum times it out in the middle of the batch", async () => {
    const batch = createSdxClient(settings).batch();
    expect((await batch.get('GetJob', {})).rows).not.toEqual([]);
    simulator.setFaults({ guidTimeoutMs: 30 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await batch.get('GetJob', {})).rows).not.toEqual([]);
    } finally {
      simulator.setFaults({ guidTimeoutMs: 24 * 60 * 60 * 1000 });
    }
  });

  it('reports a refused authorization from testConnection without throwing', async () => {
    const wrong = createSpectrumConnector({ ...settings, authorizationId: 'WRONG' });
    expect(await wrong.testConnection()).toMatchObject({ ok: false });
    expect(await connector.testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/STANDARD has \d+ phases/),
    });
  });
});

describe('Spectrum connector with enhanced authentication', () => {
  let simulator: SpectrumSimulator;
  beforeAll(async () => {
    simulator = await startSpectrumSimulator({ seed: 'demo', oauth: demoOAuthClient, tokenTtlMs: 300 });
  });
  afterAll(async () => {
    await simulator.close();
  });
  const settings = () => ({
    baseUrl: simulator.url,
    authorizationId: 'DEMO',
    companyCode: '001',
    standardJob: 'STANDARD',
    outbound: testOutbound.erp,
  });

  it('takes a token with its client credentials, and a new one when it expires', async () => {
    const connector = createSpectrumConnector({ ...settings(), oauth: demoOAuthClient });
    expect((await connector.listVendors()).length).toBeGreaterThan(0);
    expect(await connector.testConnection()).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await connector.createVendor({ vendorCode: 'OAUTH1', name: 'Token Co' });
    expect(simulator.state().vendors.map((v) => v.Vendor_Code)).toContain('OAUTH1');
  });

  it('is refused without the token, or with wrong client credentials', async () => {
    const plain = createSpectrumConnector(settings());
    await expect(plain.listJobs()).rejects.toMatchObject({ name: 'RejectedErpError', erpCode: 'HTTP 401' });
    const wrong = createSpectrumConnector({
      ...settings(),
      oauth: { clientId: 'ledgergate-demo', clientSecret: 'no' },
    });
    await expect(wrong.listVendors()).rejects.toMatchObject({
      name: 'RejectedErpError',
      erpCode: 'HTTP 400',
    });
  });
});

describe('Spectrum connector results', () => {
  it("passes Spectrum's warnings on stored records back with the write", async () => {
    const stored =
      '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>' +
      '<nis:UpdateVendorResponse xmlns:nis="http://www.northgate-is.com/proiv/webservices/types"><returnArray><returnData>' +
      '<response><error_code></error_code><desc>updated</desc><column></column></response>' +
      '<response><error_code>W</error_code><desc>Phone number ignored</desc><column>Phone</column></response>' +
      '</returnData></returnArray></nis:UpdateVendorResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end(request.method === 'GET' ? '[]' : stored));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const connector = createSpectrumConnector({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        authorizationId: 'DEMO',
        companyCode: '001',
        standardJob: 'STANDARD',
        outbound: testOutbound.erp,
      });
      expect(await connector.updateVendor({ vendorCode: 'V1', name: 'Vendor' })).toEqual({
        erpIds: { vendor: 'V1' },
        warnings: ['Phone number ignored'],
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
