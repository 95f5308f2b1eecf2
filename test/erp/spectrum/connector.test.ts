/**
 * What the Spectrum connector sends, checked in the simulator's stored records: the mapping choices
 * the generic contract kit cannot see (codes without dashes, defaults, statuses, sums, derived fields).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RejectedErpError } from '../../../src/erp/connector.ts';
import { createSpectrumConnector, type SpectrumSettings } from '../../../src/erp/spectrum/connector.ts';
import { createSdxClient } from '../../../src/erp/spectrum/sdx-client.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../../src/erp/spectrum/simulator/index.ts';

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
    };
    connector = createSpectrumConnector(settings);
  });
  afterAll(async () => {
    await simulator.close();
  });

  async function newJob(jobNumber: string, extra: { customerCode?: string } = { customerCode: 'CUST1' }) {
    await connector.createJob(
      { jobNumber, description: `Job ${jobNumber}`, priceMethod: 'F', taxable: false, ...extra },
      [
        { code: '91-100', description: 'Concrete', costTypes: ['L', 'M'] },
        { code: '91-200', description: 'Steel', costTypes: ['S'] },
      ],
    );
  }

  it('sends phase codes without dashes and reads them back with the mask', async () => {
    await newJob('MAP-1');
    const stored = simulator.state().phases.filter((row) => row.Job_Number === 'MAP-1');
    expect(
      stored
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
    const stored = simulator
      .state()
      .phases.filter((row) => row.Job_Number === 'MAP-2' && row.Phase_Code === '92100');
    expect(stored.map((row) => [row.Cost_Type, row.Description, row.writeCount])).toEqual([
      ['L', 'Doors', 1],
      ['M', 'Doors', 1],
    ]);
    expect(result.erpIds).toMatchObject({ '92-100 L': 'MAP-2 92100 L', '92-100 M': 'MAP-2 92100 M' });
  });

  it('sums budget lines per code × cost type, and never creates a phase for one', async () => {
    await newJob('MAP-3');
    const lines = [
      { code: '91-100', costType: 'L', amount: 125_000 },
      { code: '91100', costType: 'L', amount: 50 },
      { code: '91-200', costType: 'S', amount: 99_999_999_99 },
    ];
    await connector.setEstimates('MAP-3', lines);
    const phases = () => simulator.state().phases.filter((row) => row.Job_Number === 'MAP-3');
    expect(
      phases().map((row) => [row.Phase_Code, row.Cost_Type, row.Original_Est_Cost, row.Description]),
    ).toEqual([
      ['91100', 'L', '1250.50', 'Concrete'],
      ['91100', 'M', '0.00', 'Concrete'],
      ['91200', 'S', '99999999.99', 'Steel'],
    ]);
    const failure = await connector
      .setEstimates('MAP-3', [{ code: '91-200', costType: 'L', amount: 1 }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RejectedErpError);
    expect(failure).toMatchObject({
      field: 'lines[].code',
      erpCode: 'M',
      message: /91-200 L: not on job MAP-3/,
    });
    expect(phases()).toHaveLength(3);
  });

  const vendorCalls = () => simulator.calls('AddVendor');
  const storedVendor = (code: string) => simulator.state().vendors.find((v) => v.Vendor_Code === code);

  it('writes a new vendor in one call with an alpha sort from its name and terms A/30; a retry changes nothing', async () => {
    const vendor = {
      vendorCode: 'MAPV1',
      name: "O'Brien & Sons Electric",
      email: 'ap@obrien.example',
      isNew: true,
    };
    const calls = vendorCalls();
    await connector.upsertVendor(vendor);
    expect(vendorCalls() - calls).toBe(1);
    const stored = storedVendor('MAPV1');
    expect(stored).toMatchObject({
      Alpha_Sort: 'OBRIEN',
      Terms_Code: 'A',
      Terms_Days: '30',
      Vendor_Email: 'ap@obrien.example',
      writeCount: 1,
    });
    await connector.upsertVendor(vendor);
    expect(vendorCalls() - calls).toBe(2);
    expect(storedVendor('MAPV1')).toEqual({ ...stored, writeCount: 2 });
  });

  it('writes an update in one call and keeps the alpha sort and terms accounting set in Spectrum', async () => {
    // Accounting changes the terms in Spectrum; our next update must not put ours back.
    const sdx = createSdxClient(settings).batch();
    await sdx.put('AddVendor', {
      Vendor_Code: 'MAPV1',
      Terms_Code: 'B',
      Terms_Days: '45',
      Alpha_Sort: 'SPARKY',
    });
    const calls = vendorCalls();
    await connector.upsertVendor({
      vendorCode: 'MAPV1',
      name: "O'Brien and Sons",
      address: { city: 'Reno' },
    });
    expect(vendorCalls() - calls).toBe(1);
    expect(storedVendor('MAPV1')).toMatchObject({
      Vendor_Name: "O'Brien and Sons",
      Alpha_Sort: 'SPARKY',
      Terms_Code: 'B',
      Terms_Days: '45',
      Address_3: 'Reno',
    });
  });

  it('writes an update of a vendor Spectrum lacks as a new one, in a second call', async () => {
    const calls = vendorCalls();
    await connector.upsertVendor({ vendorCode: 'MAPV9', name: 'Gone Co' });
    expect(vendorCalls() - calls).toBe(2);
    expect(storedVendor('MAPV9')).toMatchObject({
      Vendor_Name: 'Gone Co',
      Alpha_Sort: 'GONECO',
      Terms_Code: 'A',
      Terms_Days: '30',
      writeCount: 1,
    });
  });

  it('writes a subcontract with the default GL account, SDX dates and percentages, lines numbered in order', async () => {
    await newJob('MAP-4');
    await connector.upsertVendor({ vendorCode: 'MAPV2', name: 'Steel Co' });
    await connector.upsertCommitment({
      jobNumber: 'MAP-4',
      vendorCode: 'MAPV2',
      number: 'SC-1',
      title: 'Steel package',
      status: 'approved',
      retentionPercent: 7.5,
      dateIssued: '2025-03-07',
      lines: [
        { code: '91-200', costType: 'S', amount: 1_000_000, description: 'Erection' },
        { code: '91-100', costType: 'M', amount: 250_050 },
      ],
    });
    const state = simulator.state();
    expect(state.subcontracts.find((sc) => sc.Subcontract_Number === 'SC-1')).toMatchObject({
      Job_Number: 'MAP-4',
      GL_Account: '5000',
      Comment: 'Steel package',
      Status_Code: 'A',
      Retention_Percent: '7.50',
      Date_Issued: '03/07/2025',
    });
    expect(
      state.subcontractPhases
        .filter((line) => line.Subcontract_Number === 'SC-1')
        .sort((a, b) => Number(a.Bid_Item_Number) - Number(b.Bid_Item_Number))
        .map((line) => [
          line.Bid_Item_Number,
          line.Phase_Code,
          line.Cost_Type,
          line.Bill_Description,
          line.Original_Contract_Amount,
        ]),
    ).toEqual([
      ['1', '91200', 'S', 'Erection', '10000.00'],
      ['2', '91100', 'M', '', '2500.50'],
    ]);

    await connector.upsertCommitment({
      jobNumber: 'MAP-4',
      vendorCode: 'MAPV2',
      number: 'SC-1',
      title: 'Void',
      status: 'void',
      lines: [],
    });
    expect(simulator.state().subcontracts.find((sc) => sc.Subcontract_Number === 'SC-1')?.Status_Code).toBe(
      'V',
    );
  });

  it("writes a change request with the job's customer, one line per code × cost type, and maps the statuses", async () => {
    await newJob('MAP-5');
    await connector.upsertVendor({ vendorCode: 'MAPV3', name: 'Concrete Co' });
    await connector.upsertCommitment({
      jobNumber: 'MAP-5',
      vendorCode: 'MAPV3',
      number: 'SC-2',
      title: 'Concrete',
      status: 'approved',
      lines: [{ code: '91-100', costType: 'L', amount: 100_000 }],
    });
    const changeOrder = {
      jobNumber: 'MAP-5',
      vendorCode: 'MAPV3',
      commitmentNumber: 'SC-2',
      number: 'CO-1',
      title: 'Extra slab',
      status: 'approved' as const,
      date: '2025-04-01',
      lines: [
        { code: '91-100', costType: 'L', amount: 10_000 },
        { code: '91-100', costType: 'L', amount: 2_500 },
        { code: '91-100', costType: 'M', amount: -1_000 },
      ],
    };
    await connector.upsertChangeOrder(changeOrder);
    const lines = () =>
      simulator.state().changeRequests.filter((line) => line.Change_Request_Number === 'CO-1');
    expect(lines().map((l) => [l.CR_Phase_Code, l.CR_Cost_Type, l.CR_Amount, l.Sub_Amount])).toEqual([
      ['91100', 'L', '125.00', '125.00'],
      ['91100', 'M', '-10.00', '-10.00'],
    ]);
    expect(lines()[0]).toMatchObject({
      Customer_Code: 'CUST1',
      CR_Description: 'Extra slab',
      CR_Status: 'A',
      Origination_Date: '04/01/2025',
      Subcontractor_Code: 'MAPV3',
      Subcontract_Number: 'SC-2',
      Sub_Status: 'E',
      Sub_Change_Order_Number: 'CO-1',
      Sub_Description: 'Extra slab',
    });
    await connector.upsertChangeOrder({ ...changeOrder, status: 'void' });
    expect(lines().map((l) => [l.CR_Status, l.Sub_Status])).toEqual([
      ['D', 'R'],
      ['D', 'R'],
    ]);
  });

  it('refuses a change order on a job without a customer, or without lines', async () => {
    await newJob('MAP-6', {});
    const changeOrder = {
      jobNumber: 'MAP-6',
      vendorCode: 'X',
      commitmentNumber: 'X',
      number: 'CO-2',
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
    ).rejects.toMatchObject({
      field: 'lines',
    });
    expect(simulator.state().changeRequests.filter((l) => l.Change_Request_Number === 'CO-2')).toEqual([]);
  });

  it('keeps the Spectrum column in the message when the refused value is not one of our fields', async () => {
    await newJob('MAP-7');
    await connector.upsertVendor({ vendorCode: 'MAPV4', name: 'Any' });
    const misconfigured = createSpectrumConnector({ ...settings, glAccount: '50-00' });
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

  it('lists complete jobs too, and offers only open jobs other than the standard one as templates', async () => {
    const jobs = await connector.listJobs();
    expect(jobs.find((job) => job.jobNumber === '22-017')?.status).toBe('complete');
    const templates = (await connector.listJobTemplates()).map((job) => job.jobNumber);
    expect(templates).toContain('TEMPLATE1');
    expect(templates).not.toContain('STANDARD');
    expect(templates).not.toContain('22-017');
  });

  it("renews a batch's GUID when Spectrum times it out in the middle of the batch", async () => {
    const batch = createSdxClient(settings).batch();
    expect(await batch.get('GetJob', {})).not.toEqual([]);
    simulator.setFaults({ guidTimeoutMs: 30 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await batch.get('GetJob', {})).not.toEqual([]);
    } finally {
      simulator.setFaults({ guidTimeoutMs: 600_000 });
    }
  });

  it('reports a refused authorization from testConnection without throwing', async () => {
    const wrong = createSpectrumConnector({ ...settings, authorizationId: 'WRONG' });
    expect(await wrong.testConnection()).toEqual({ ok: false, message: 'Not authorized' });
    expect(await connector.testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/STANDARD has \d+ phases/),
    });
  });
});

describe('Spectrum connector results', () => {
  it("passes Spectrum's warnings on stored records back with the write", async () => {
    const stored =
      '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>' +
      '<nis:AddVendorResponse xmlns:nis="http://www.northgate-is.com/proiv/webservices/types"><returnArray><returnData>' +
      '<response><error_code></error_code><desc>added</desc><column></column></response>' +
      '<response><error_code>W</error_code><desc>Phone number ignored</desc><column>Phone_Number</column></response>' +
      '</returnData></returnArray></nis:AddVendorResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>';
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
      });
      expect(await connector.upsertVendor({ vendorCode: 'V1', name: 'Vendor' })).toEqual({
        erpIds: { vendor: 'V1' },
        warnings: ['Phone number ignored'],
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
