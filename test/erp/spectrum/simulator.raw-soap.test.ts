import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../../src/erp/spectrum/simulator/index.ts';

/*
 * The simulator driven over a real socket with SOAP requests written out by hand below (no client code
 * of ours builds them), and answers read with a plain XML parser: this pins the wire format of
 * ERP.md §5 independently of the Spectrum connector.
 */

const SDX = 'http://www.northgate-is.com/proiv/webservices/types';
type Values = Partial<Record<string, string>>;

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:typ="${SDX}">
  <soapenv:Header/>
  <soapenv:Body>${body}</soapenv:Body>
</soapenv:Envelope>`;
}

// Parameters qualified with the `typ` prefix.
const getJob = (v: Values = {}) => `
<typ:GetJob>
  <typ:Authorization_ID>${v.Authorization_ID ?? 'DEMO'}</typ:Authorization_ID>
  <typ:GUID>${v.GUID ?? ''}</typ:GUID>
  <typ:pCompany_Code>${v.pCompany_Code ?? '001'}</typ:pCompany_Code>
  <typ:pDivision>${v.pDivision ?? ''}</typ:pDivision>
  <typ:pStatus_Code>${v.pStatus_Code ?? ''}</typ:pStatus_Code>
  <typ:pProject_Manager/>
  <typ:pSuperintendent/>
  <typ:pEstimator/>
  <typ:pCustomer_Code>${v.pCustomer_Code ?? ''}</typ:pCustomer_Code>
  <typ:pCost_Center/>
  <typ:pSort_By>${v.pSort_By ?? ''}</typ:pSort_By>
</typ:GetJob>`;

// Parameters in the SDX namespace through a default namespace declaration.
const addJob = (v: Values) => `
<AddJob xmlns="${SDX}">
  <Authorization_ID>${v.Authorization_ID ?? 'DEMO'}</Authorization_ID>
  <GUID>${v.GUID ?? ''}</GUID>
  <Company_Code>${v.Company_Code ?? '001'}</Company_Code>
  <Job_Number>${v.Job_Number ?? ''}</Job_Number>
  <Job_Description>${v.Job_Description ?? ''}</Job_Description>
  <Division>${v.Division ?? ''}</Division>
  <Address_1>${v.Address_1 ?? ''}</Address_1>
  <Address_2></Address_2>
  <City>${v.City ?? ''}</City>
  <State>${v.State ?? ''}</State>
  <Zip_Code>${v.Zip_Code ?? ''}</Zip_Code>
  <Customer_Code>${v.Customer_Code ?? ''}</Customer_Code>
  <Cost_Center>${v.Cost_Center ?? ''}</Cost_Center>
  <Price_Method_Code>${v.Price_Method_Code ?? ''}</Price_Method_Code>
  <Taxable_Flag>${v.Taxable_Flag ?? ''}</Taxable_Flag>
  <Status_Code>${v.Status_Code ?? ''}</Status_Code>
  <Contract_Number/>
</AddJob>`;

// A prefix of the client's own choosing, declared on the service element.
const getPhase = (v: Values) => `
<sdx:GetPhase xmlns:sdx="${SDX}">
  <sdx:Authorization_ID>DEMO</sdx:Authorization_ID>
  <sdx:GUID/>
  <sdx:pCompany_Code>001</sdx:pCompany_Code>
  <sdx:pJob_Number>${v.pJob_Number ?? ''}</sdx:pJob_Number>
  <sdx:pPhase_Code>${v.pPhase_Code ?? ''}</sdx:pPhase_Code>
  <sdx:pCost_Type>${v.pCost_Type ?? ''}</sdx:pCost_Type>
  <sdx:pStatus_Code/>
</sdx:GetPhase>`;

const addPhase = (v: Values) => `
<sdx:AddPhase xmlns:sdx="${SDX}">
  <sdx:Authorization_ID>DEMO</sdx:Authorization_ID>
  <sdx:GUID>${v.GUID ?? ''}</sdx:GUID>
  <sdx:Company_Code>001</sdx:Company_Code>
  <sdx:Job_Number>${v.Job_Number ?? ''}</sdx:Job_Number>
  <sdx:Phase_Code>${v.Phase_Code ?? ''}</sdx:Phase_Code>
  <sdx:Cost_Type>${v.Cost_Type ?? ''}</sdx:Cost_Type>
  <sdx:Description>${v.Description ?? ''}</sdx:Description>
  <sdx:Unit_of_Measure/>
  <sdx:Original_Est_Quantity/>
  <sdx:Original_Est_Hours/>
  <sdx:Original_Est_Cost>${v.Original_Est_Cost ?? ''}</sdx:Original_Est_Cost>
  <sdx:Price_Method_Code>${v.Price_Method_Code ?? ''}</sdx:Price_Method_Code>
  <sdx:Status_Code/>
</sdx:AddPhase>`;

// Unqualified parameters (no namespace at all) under a qualified service element.
const addVendor = (v: Values) => `
<typ:AddVendor>
  <Authorization_ID>DEMO</Authorization_ID>
  <GUID/>
  <Company_Code>001</Company_Code>
  <Vendor_Code>${v.Vendor_Code ?? ''}</Vendor_Code>
  <Vendor_Name>${v.Vendor_Name ?? ''}</Vendor_Name>
  <Alpha_Sort>${v.Alpha_Sort ?? ''}</Alpha_Sort>
  <Type/>
  <Address_1>${v.Address_1 ?? ''}</Address_1>
  <Address_2/>
  <Address_3>${v.Address_3 ?? ''}</Address_3>
  <State/>
  <Zip_Code/>
  <Phone_Number/>
  <Vendor_Email>${v.Vendor_Email ?? ''}</Vendor_Email>
  <Terms_Code>${v.Terms_Code ?? ''}</Terms_Code>
  <Terms_Days>${v.Terms_Days ?? ''}</Terms_Days>
</typ:AddVendor>`;

const updateSubcontract = (v: Values) => `
<typ:UpdateSubcontract>
  <Authorization_ID>DEMO</Authorization_ID>
  <GUID/>
  <Company_Code>001</Company_Code>
  <Vendor_Code>${v.Vendor_Code ?? ''}</Vendor_Code>
  <Subcontract_Number>${v.Subcontract_Number ?? ''}</Subcontract_Number>
  <Job_Number>${v.Job_Number ?? ''}</Job_Number>
  <GL_Account>${v.GL_Account ?? ''}</GL_Account>
  <Comment>${v.Comment ?? ''}</Comment>
  <Status_Code>${v.Status_Code ?? ''}</Status_Code>
  <Retention_Percent>${v.Retention_Percent ?? ''}</Retention_Percent>
  <Date_Issued>${v.Date_Issued ?? ''}</Date_Issued>
</typ:UpdateSubcontract>`;

const updateSubcontractPhases = (v: Values) => `
<typ:UpdateSubcontractPhases>
  <typ:Authorization_ID>DEMO</typ:Authorization_ID>
  <typ:GUID/>
  <typ:Company_Code>001</typ:Company_Code>
  <typ:Vendor_Code>${v.Vendor_Code ?? ''}</typ:Vendor_Code>
  <typ:Subcontract_Number>${v.Subcontract_Number ?? ''}</typ:Subcontract_Number>
  <typ:Phase_Code>${v.Phase_Code ?? ''}</typ:Phase_Code>
  <typ:Cost_Type>${v.Cost_Type ?? ''}</typ:Cost_Type>
  <typ:Bid_Item_Number>${v.Bid_Item_Number ?? ''}</typ:Bid_Item_Number>
  <typ:Bill_Description>${v.Bill_Description ?? ''}</typ:Bill_Description>
  <typ:Unit_Of_Measure/>
  <typ:Original_Contract_Amount>${v.Original_Contract_Amount ?? ''}</typ:Original_Contract_Amount>
</typ:UpdateSubcontractPhases>`;

const arChangeRequest = (v: Values) => `
<typ:ARChangeRequest>
  <typ:Authorization_ID>DEMO</typ:Authorization_ID>
  <typ:GUID/>
  <typ:Company_Code>001</typ:Company_Code>
  <typ:Job_Number>${v.Job_Number ?? '24-001'}</typ:Job_Number>
  <typ:Customer_Code>${v.Customer_Code ?? 'RIVHEALTH'}</typ:Customer_Code>
  <typ:Change_Request_Number>${v.Change_Request_Number ?? ''}</typ:Change_Request_Number>
  <typ:CR_Description>${v.CR_Description ?? ''}</typ:CR_Description>
  <typ:CR_Status>${v.CR_Status ?? ''}</typ:CR_Status>
  <typ:Origination_Date>${v.Origination_Date ?? ''}</typ:Origination_Date>
  <typ:CR_Phase_Code>${v.CR_Phase_Code ?? ''}</typ:CR_Phase_Code>
  <typ:CR_Cost_Type>${v.CR_Cost_Type ?? ''}</typ:CR_Cost_Type>
  <typ:CR_Amount>${v.CR_Amount ?? ''}</typ:CR_Amount>
  <typ:Subcontractor_Code>${v.Subcontractor_Code ?? ''}</typ:Subcontractor_Code>
  <typ:Subcontract_Number>${v.Subcontract_Number ?? ''}</typ:Subcontract_Number>
  <typ:Sub_Amount>${v.Sub_Amount ?? ''}</typ:Sub_Amount>
  <typ:Sub_Status>${v.Sub_Status ?? ''}</typ:Sub_Status>
  <typ:Sub_Change_Order_Number>${v.Sub_Change_Order_Number ?? ''}</typ:Sub_Change_Order_Number>
  <typ:Sub_Description>${v.Sub_Description ?? ''}</typ:Sub_Description>
</typ:ARChangeRequest>`;

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'response' });

async function post(
  sim: SpectrumSimulator,
  service: string,
  body: string,
): Promise<{ status: number; xml: string }> {
  const response = await fetch(`${sim.url}/ws/${service}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${service}"` },
    body: envelope(body),
  });
  return { status: response.status, xml: await response.text() };
}

/** The `response` elements of a successful answer, by the path ERP.md §5 fixes. */
function responses(service: string, xml: string): Record<string, string>[] {
  const document = parser.parse(xml);
  return document['SOAP-ENV:Envelope']['SOAP-ENV:Body'][`nis:${service}Response`].returnArray.returnData
    .response;
}

async function call(
  sim: SpectrumSimulator,
  service: string,
  body: string,
): Promise<Record<string, string>[]> {
  const { status, xml } = await post(sim, service, body);
  expect(status, xml).toBe(200);
  return responses(service, xml);
}

function fault(xml: string): { faultcode: string; faultstring: string } {
  return parser.parse(xml)['SOAP-ENV:Envelope']['SOAP-ENV:Body']['SOAP-ENV:Fault'];
}

const added = [{ error_code: '', desc: 'added', column: '' }];
const updated = [{ error_code: '', desc: 'updated', column: '' }];
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the Spectrum simulator on the demo seed', () => {
  let sim: SpectrumSimulator;
  let clock = 1_000_000;
  beforeAll(async () => {
    sim = await startSpectrumSimulator({ now: () => clock });
  });
  afterAll(() => sim.close());

  it('lists active and inactive jobs for a blank status, in the exact response envelope', async () => {
    const { status, xml } = await post(sim, 'GetJob', getJob());
    expect(status).toBe(200);
    expect(xml).toContain('<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(xml).toContain(`xmlns:nis="${SDX}"`);
    const rows = responses('GetJob', xml);
    const numbers = rows.map((row) => row.Job_Number);
    expect(numbers).toEqual(expect.arrayContaining(['STANDARD', 'TEMPLATE1', '24-001', '24-002', '23-040']));
    expect(numbers).not.toContain('22-017'); // complete
    expect(rows.find((row) => row.Job_Number === 'TEMPLATE1')).toEqual({
      Company_Code: '001',
      Job_Number: 'TEMPLATE1',
      Job_Description: 'Commercial Job Template',
      Division: '10',
      Address_1: '',
      City: '',
      State: '',
      Zip_Code: '',
      Customer_Code: 'GENCUST',
      Status_Code: 'I',
      Cost_Center: '100',
      Price_Method_Code: 'C',
      Taxable_Flag: 'Y',
      Error_Code: '',
      Error_Description: '',
      Error_Column: '',
    });
  });

  it('applies the status, division and customer filters and answers W when nothing matches', async () => {
    expect((await call(sim, 'GetJob', getJob({ pStatus_Code: 'C' }))).map((row) => row.Job_Number)).toEqual([
      '22-017',
    ]);
    const division20 = await call(sim, 'GetJob', getJob({ pDivision: '20' }));
    expect(division20.map((row) => row.Job_Number)).toEqual(['23-040', '24-002']);
    const byDescription = await call(sim, 'GetJob', getJob({ pDivision: '20', pSort_By: 'Job_Description' }));
    expect(byDescription.map((row) => row.Job_Number)).toEqual(['24-002', '23-040']);
    const none = await call(sim, 'GetJob', getJob({ pCustomer_Code: 'NOBODY' }));
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ Job_Number: '', Error_Code: 'W', Error_Description: 'No records found' });
    const badStatus = await call(sim, 'GetJob', getJob({ pStatus_Code: 'Z' }));
    expect(badStatus[0]).toMatchObject({ Error_Code: 'I', Error_Column: 'pStatus_Code' });
  });

  it('holds a standard job with 30+ phases over cost types L, M, S, E, O and jobs with JTD costs', async () => {
    const standard = await call(sim, 'GetPhase', getPhase({ pJob_Number: 'STANDARD' }));
    expect(new Set(standard.map((row) => row.Phase_Code)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(standard.map((row) => row.Cost_Type))).toEqual(new Set(['L', 'M', 'S', 'E', 'O']));
    expect(standard.every((row) => /^\d{5}$/.test(row.Phase_Code!) && row.Description!.length <= 25)).toBe(
      true,
    );
    expect(standard[0]).toMatchObject({ Company_Code: '001', Job_Number: 'STANDARD', Phase_Code: '01100' });

    const concrete = await call(
      sim,
      'GetPhase',
      getPhase({ pJob_Number: '24-001', pPhase_Code: '03300', pCost_Type: 'M' }),
    );
    expect(concrete).toEqual([
      {
        Company_Code: '001',
        Job_Number: '24-001',
        Phase_Code: '03300',
        Cost_Type: 'M',
        Description: 'Cast-in-Place Concrete',
        Status_Code: 'A',
        Original_Est_Cost: '96500.00',
        Current_Estimated_Dollars: '101500.00',
        JTD_Actual_Dollars: '90112.40',
        Error_Code: '',
        Error_Description: '',
        Error_Column: '',
      },
    ]);
    const missing = await call(sim, 'GetPhase', getPhase({ pJob_Number: '' }));
    expect(missing[0]).toMatchObject({ Error_Code: 'M', Error_Column: 'pJob_Number' });
  });

  it('adds a job, then updates it keeping every field sent empty, leaving one record', async () => {
    const job = {
      Job_Number: '25-100',
      Job_Description: 'North Campus Library',
      Division: '10',
      Address_1: '1 College Way',
      City: 'Davis',
      State: 'CA',
      Zip_Code: '95616',
      Customer_Code: 'UCD',
      Cost_Center: '100',
      Price_Method_Code: 'C',
      Taxable_Flag: 'Y',
    };
    expect(await call(sim, 'AddJob', addJob(job))).toEqual(added);
    expect(sim.state().jobs.find((j) => j.Job_Number === '25-100')).toMatchObject({
      ...job,
      Status_Code: 'A',
      writeCount: 1,
    });

    expect(
      await call(
        sim,
        'AddJob',
        addJob({ Job_Number: '25-100', Job_Description: 'North Campus Library Ph2' }),
      ),
    ).toEqual(updated);
    expect(await call(sim, 'AddJob', addJob({ Job_Number: '25-100', City: 'Woodland' }))).toEqual(updated);
    const stored = sim.state().jobs.filter((j) => j.Job_Number === '25-100');
    expect(stored).toEqual([
      {
        ...job,
        Job_Description: 'North Campus Library Ph2',
        City: 'Woodland',
        Address_2: '',
        Status_Code: 'A',
        Contract_Number: '',
        writeCount: 3,
      },
    ]);
    const listed = await call(sim, 'GetJob', getJob({ pCustomer_Code: 'UCD' }));
    expect(listed.map((row) => [row.Job_Number, row.Job_Description, row.Division])).toEqual([
      ['25-100', 'North Campus Library Ph2', '10'],
    ]);
  });

  it('answers one error record per bad column of a job and stores nothing', async () => {
    expect(await call(sim, 'AddJob', addJob({ Job_Number: '25-101' }))).toEqual([
      { error_code: 'M', desc: 'Job_Description is required for a new record', column: 'Job_Description' },
      {
        error_code: 'M',
        desc: 'Price_Method_Code is required for a new record',
        column: 'Price_Method_Code',
      },
      { error_code: 'M', desc: 'Taxable_Flag is required for a new record', column: 'Taxable_Flag' },
    ]);
    const invalid = await call(
      sim,
      'AddJob',
      addJob({
        Job_Number: '25-102',
        Job_Description: 'A description of 26 chars.',
        State: 'CAL',
        Price_Method_Code: 'X',
        Taxable_Flag: 'y',
        Status_Code: 'Q',
      }),
    );
    expect(invalid.map((record) => [record.error_code, record.column])).toEqual([
      ['I', 'Job_Description'],
      ['I', 'State'],
      ['I', 'Price_Method_Code'],
      ['I', 'Taxable_Flag'],
      ['I', 'Status_Code'],
    ]);
    expect(invalid[0]!.desc).toBe('Job_Description is longer than 25 characters');
    const tooLong = await call(sim, 'AddJob', addJob({ Job_Number: '25-1030000000' }));
    expect(tooLong[0]).toEqual({
      error_code: 'I',
      desc: 'Job_Number is longer than 10 characters',
      column: 'Job_Number',
    });
    expect(
      sim.state().jobs.filter((j) => j.Job_Number.startsWith('25-10') && j.Job_Number !== '25-100'),
    ).toEqual([]);
  });

  it('faults a request that lacks a parameter, naming it', async () => {
    const withoutTaxable = addJob({
      Job_Number: '25-104',
      Job_Description: 'X',
      Price_Method_Code: 'F',
    }).replace(/<Taxable_Flag>.*<\/Taxable_Flag>/, '');
    const { status, xml } = await post(sim, 'AddJob', withoutTaxable);
    expect(status).toBe(500);
    expect(fault(xml)).toEqual({
      faultcode: 'SOAP-ENV:Client',
      faultstring: 'Missing parameter: Taxable_Flag',
    });
    expect(sim.state().jobs.some((j) => j.Job_Number === '25-104')).toBe(false);
  });

  it('faults malformed XML, a foreign namespace and a body that does not match the endpoint', async () => {
    const malformed = await post(sim, 'GetJob', '<typ:GetJob><typ:GUID></typ:GetJob>');
    expect(malformed.status).toBe(500);
    expect(fault(malformed.xml).faultcode).toBe('SOAP-ENV:Client');
    const foreign = await post(
      sim,
      'GetJob',
      getJob().replaceAll('typ:', 'x:').replace('<x:GetJob>', '<x:GetJob xmlns:x="urn:other">'),
    );
    expect(fault(foreign.xml).faultstring).toContain('is not in namespace');
    const mismatch = await post(sim, 'AddJob', getJob());
    expect(fault(mismatch.xml).faultstring).toBe('The body calls GetJob, but this endpoint is AddJob');
  });

  it('aborts a call with a wrong authorization id or company with A Not authorized', async () => {
    expect(await call(sim, 'AddJob', addJob({ Authorization_ID: 'WRONG', Job_Number: '25-105' }))).toEqual([
      { error_code: 'A', desc: 'Not authorized', column: 'Authorization_ID' },
    ]);
    expect(await call(sim, 'AddJob', addJob({ Company_Code: '002', Job_Number: '25-105' }))).toEqual([
      { error_code: 'A', desc: 'Not authorized', column: 'Company_Code' },
    ]);
    const rows = await call(sim, 'GetJob', getJob({ pCompany_Code: '002' }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Job_Number: '',
      Error_Code: 'A',
      Error_Description: 'Not authorized',
      Error_Column: 'pCompany_Code',
    });
    expect(sim.state().jobs.some((j) => j.Job_Number === '25-105')).toBe(false);
  });

  it('times out a GUID idle longer than the timeout, once, then accepts new batches', async () => {
    const guid = '6f1c2a4e-8d2b-4c47-9a51-0e5b9d3f7a10';
    expect((await call(sim, 'GetJob', getJob({ GUID: guid })))[0]!.Error_Code).toBe('');
    clock += 600_000; // idle exactly the timeout: still alive
    expect((await call(sim, 'GetJob', getJob({ GUID: guid })))[0]!.Error_Code).toBe('');
    clock += 600_001;
    expect(
      await call(
        sim,
        'AddJob',
        addJob({
          GUID: guid,
          Job_Number: '25-106',
          Job_Description: 'T',
          Price_Method_Code: 'F',
          Taxable_Flag: 'N',
        }),
      ),
    ).toEqual([{ error_code: 'A', desc: 'Time out has occurred', column: 'GUID' }]);
    expect(sim.state().jobs.some((j) => j.Job_Number === '25-106')).toBe(false);
    const fresh = 'a2b9e0d4-53c1-4f0e-b7a8-1c9d2e3f4a5b';
    expect(
      await call(
        sim,
        'AddJob',
        addJob({
          GUID: fresh,
          Job_Number: '25-106',
          Job_Description: 'T',
          Price_Method_Code: 'F',
          Taxable_Flag: 'N',
        }),
      ),
    ).toEqual(added);
    // The timed-out GUID was forgotten: sending it again starts a new batch.
    expect((await call(sim, 'GetJob', getJob({ GUID: guid })))[0]!.Error_Code).toBe('');
  });

  it('refuses phase codes with dashes or outside the ##-### mask', async () => {
    const base = {
      Job_Number: '24-002',
      Cost_Type: 'L',
      Description: 'Precast Concrete',
      Price_Method_Code: 'J',
    };
    expect(await call(sim, 'AddPhase', addPhase({ ...base, Phase_Code: '03-400' }))).toEqual([
      { error_code: 'I', desc: 'Phase_Code must be sent without dashes', column: 'Phase_Code' },
    ]);
    for (const code of ['0340', '034000', '0340A']) {
      expect(await call(sim, 'AddPhase', addPhase({ ...base, Phase_Code: code }))).toEqual([
        { error_code: 'I', desc: 'Phase_Code does not fit the phase mask ##-###', column: 'Phase_Code' },
      ]);
    }
    expect(await call(sim, 'AddPhase', addPhase({ ...base, Phase_Code: '03400' }))).toEqual(added);
  });

  it('shares a phase description across its cost types: required when new, kept when empty, renamed when different', async () => {
    const phase = { Job_Number: '24-003', Phase_Code: '05500', Price_Method_Code: 'J' };
    expect(await call(sim, 'AddPhase', addPhase({ ...phase, Cost_Type: 'M' }))).toEqual([
      { error_code: 'M', desc: 'Description is required for a new phase', column: 'Description' },
    ]);
    expect(
      await call(sim, 'AddPhase', addPhase({ ...phase, Cost_Type: 'M', Description: 'Misc Metals' })),
    ).toEqual(added);
    expect(await call(sim, 'AddPhase', addPhase({ ...phase, Cost_Type: 'S' }))).toEqual(added);
    const descriptions = async () =>
      (await call(sim, 'GetPhase', getPhase({ pJob_Number: '24-003', pPhase_Code: '05500' }))).map((row) => [
        row.Cost_Type,
        row.Description,
      ]);
    expect(await descriptions()).toEqual([
      ['M', 'Misc Metals'],
      ['S', 'Misc Metals'],
    ]);
    expect(
      await call(sim, 'AddPhase', addPhase({ ...phase, Cost_Type: 'L', Description: 'Metal Fabrications' })),
    ).toEqual(added);
    expect(await descriptions()).toEqual([
      ['L', 'Metal Fabrications'],
      ['M', 'Metal Fabrications'],
      ['S', 'Metal Fabrications'],
    ]);
    // The rename is one stored record; the siblings are renamed, not written.
    expect(
      sim
        .state()
        .phases.filter((p) => p.Job_Number === '24-003' && p.Phase_Code === '05500')
        .map((p) => p.writeCount),
    ).toEqual([1, 1, 1]);
  });

  it('moves the current estimate with the original one and refuses complete or unknown jobs', async () => {
    const concrete = { Job_Number: '24-001', Phase_Code: '03300', Cost_Type: 'L' };
    expect(await call(sim, 'AddPhase', addPhase({ ...concrete, Original_Est_Cost: '50000.5' }))).toEqual(
      updated,
    );
    expect(
      sim
        .state()
        .phases.find((p) => p.Job_Number === '24-001' && p.Phase_Code === '03300' && p.Cost_Type === 'L'),
    ).toMatchObject({
      Original_Est_Cost: '50000.50',
      Current_Estimated_Dollars: '54000.50', // it was 4,000 above the original
      JTD_Actual_Dollars: '41250.00',
      Description: 'Cast-in-Place Concrete',
      writeCount: 1,
    });
    expect(await call(sim, 'AddPhase', addPhase({ ...concrete, Original_Est_Cost: '1.005' }))).toEqual([
      {
        error_code: 'I',
        desc: 'Original_Est_Cost must be a plain decimal number with at most 2 decimals',
        column: 'Original_Est_Cost',
      },
    ]);
    const complete = await call(
      sim,
      'AddPhase',
      addPhase({
        Job_Number: '22-017',
        Phase_Code: '09900',
        Cost_Type: 'M',
        Description: 'Painting',
        Price_Method_Code: 'J',
      }),
    );
    expect(complete).toEqual([{ error_code: 'I', desc: 'Job 22-017 is complete', column: 'Job_Number' }]);
    const unknown = await call(
      sim,
      'AddPhase',
      addPhase({
        Job_Number: 'NOPE',
        Phase_Code: '09900',
        Cost_Type: 'M',
        Description: 'Painting',
        Price_Method_Code: 'J',
      }),
    );
    expect(unknown).toEqual([{ error_code: 'I', desc: 'Job NOPE does not exist', column: 'Job_Number' }]);
  });

  it('checks vendor codes, names, sort keys and terms, then upserts the vendor', async () => {
    const bad = await call(
      sim,
      'AddVendor',
      addVendor({
        Vendor_Code: 'Kiln-1',
        Vendor_Name: 'Kiln, Brick and Tile',
        Alpha_Sort: 'KILNBRK',
        Terms_Code: 'C',
        Terms_Days: 'x',
      }),
    );
    expect(bad).toEqual([
      {
        error_code: 'I',
        desc: 'Vendor_Code must be uppercase letters and digits only',
        column: 'Vendor_Code',
      },
      { error_code: 'I', desc: 'Vendor_Name must not contain commas', column: 'Vendor_Name' },
      { error_code: 'I', desc: 'Alpha_Sort is longer than 6 characters', column: 'Alpha_Sort' },
      { error_code: 'I', desc: 'Terms_Code must be one of A, B', column: 'Terms_Code' },
      {
        error_code: 'I',
        desc: 'Terms_Days must be a whole number of days from 0 to 999',
        column: 'Terms_Days',
      },
    ]);
    const missing = await call(sim, 'AddVendor', addVendor({ Vendor_Code: 'KILN1' }));
    expect(missing.map((record) => [record.error_code, record.column])).toEqual([
      ['M', 'Vendor_Name'],
      ['M', 'Alpha_Sort'],
      ['M', 'Terms_Code'],
      ['M', 'Terms_Days'],
    ]);
    expect((await call(sim, 'AddVendor', addVendor({ Vendor_Code: 'KILNBRICK01' })))[0]?.desc).toBe(
      'Vendor_Code is longer than 10 characters',
    );
    const vendor = {
      Vendor_Code: 'KILN1',
      Vendor_Name: 'Kiln Brick &amp; Tile',
      Alpha_Sort: 'KILN',
      Terms_Code: 'B',
      Terms_Days: '030',
    };
    expect(await call(sim, 'AddVendor', addVendor(vendor))).toEqual(added);
    expect(
      await call(sim, 'AddVendor', addVendor({ Vendor_Code: 'KILN1', Address_1: '9 Clay Pit Road' })),
    ).toEqual(updated);
    expect(sim.state().vendors.filter((v) => v.Vendor_Code === 'KILN1')).toEqual([
      expect.objectContaining({
        Vendor_Name: 'Kiln Brick & Tile',
        Alpha_Sort: 'KILN',
        Address_1: '9 Clay Pit Road',
        Terms_Code: 'B',
        Terms_Days: '30',
        Status_Code: 'A',
        writeCount: 2,
      }),
    ]);
  });

  it('lists active vendors as JSON behind HTTP Basic Company_Code:Authorization_ID', async () => {
    const listed = await fetch(`${sim.url}/vendors/001`, {
      headers: { authorization: basic('001', 'DEMO') },
    });
    expect(listed.status).toBe(200);
    const vendors = (await listed.json()) as { Vendor_Code: string }[];
    expect(vendors.length).toBeGreaterThanOrEqual(8);
    expect(vendors.map((v) => v.Vendor_Code)).not.toContain('IRONWOOD'); // inactive
    expect(vendors.find((v) => v.Vendor_Code === 'ACMECONC')).toEqual({
      Vendor_Code: 'ACMECONC',
      Name: 'Acme Concrete Co',
      Alpha_Sort: 'ACMECO',
      Type: 'S',
      Address_1: '2100 Industrial Way',
      Address_2: '',
      Address_3: 'Sacramento',
      State: 'CA',
      Zip_Code: '95815',
      Phone_Number: '',
      Vendor_Email: '',
      Terms_Code: 'A',
      Terms_Days: 30,
    });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: basic('001', 'WRONG') },
      { authorization: basic('002', 'DEMO') },
    ]) {
      const refused = await fetch(`${sim.url}/vendors/001`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('Basic');
    }
    expect(
      (await fetch(`${sim.url}/vendors/002`, { headers: { authorization: basic('002', 'DEMO') } })).status,
    ).toBe(401);
  });

  it('keeps a subcontract on its job, checks GL account and comment, and upserts its lines', async () => {
    const key = { Vendor_Code: 'BAYSTEEL', Subcontract_Number: 'SC-2401' };
    expect(await call(sim, 'UpdateSubcontract', updateSubcontract(key))).toEqual([
      { error_code: 'M', desc: 'Job_Number is required for a new record', column: 'Job_Number' },
      { error_code: 'M', desc: 'GL_Account is required for a new record', column: 'GL_Account' },
    ]);
    const invalid = await call(
      sim,
      'UpdateSubcontract',
      updateSubcontract({
        ...key,
        Job_Number: '24-001',
        GL_Account: '5000-01',
        Comment: 'c'.repeat(121),
        Retention_Percent: '101',
        Date_Issued: '13/01/2025',
      }),
    );
    expect(invalid.map((record) => [record.error_code, record.column])).toEqual([
      ['I', 'GL_Account'],
      ['I', 'Comment'],
      ['I', 'Retention_Percent'],
      ['I', 'Date_Issued'],
    ]);
    const header = {
      ...key,
      Job_Number: '24-001',
      GL_Account: '500001',
      Comment: 'Structural steel',
      Retention_Percent: '10',
      Date_Issued: '02/29/2024',
    };
    expect(await call(sim, 'UpdateSubcontract', updateSubcontract(header))).toEqual(added);
    expect(await call(sim, 'UpdateSubcontract', updateSubcontract({ ...key, Job_Number: '24-002' }))).toEqual(
      [
        {
          error_code: 'I',
          desc: 'Job_Number cannot change: the subcontract is on job 24-001',
          column: 'Job_Number',
        },
      ],
    );
    expect(await call(sim, 'UpdateSubcontract', updateSubcontract({ ...key, Status_Code: 'C' }))).toEqual(
      updated,
    );
    expect(sim.state().subcontracts).toEqual([
      { ...header, Retention_Percent: '10.00', Status_Code: 'C', writeCount: 2 },
    ]);
    expect(
      (await call(sim, 'UpdateSubcontract', updateSubcontract({ ...key, Vendor_Code: 'NOSUCH' })))[0],
    ).toMatchObject({
      error_code: 'I',
      column: 'Vendor_Code',
    });

    const line = {
      ...key,
      Phase_Code: '05100',
      Cost_Type: 'S',
      Bid_Item_Number: '1',
      Bill_Description: 'Steel erection',
      Original_Contract_Amount: '310000',
    };
    expect(
      await call(sim, 'UpdateSubcontractPhases', updateSubcontractPhases({ ...line, Phase_Code: '02200' })),
    ).toEqual([{ error_code: 'I', desc: 'Phase 02200 does not exist on job 24-001', column: 'Phase_Code' }]);
    expect(
      await call(sim, 'UpdateSubcontractPhases', updateSubcontractPhases({ ...line, Cost_Type: 'L' })),
    ).toEqual([
      {
        error_code: 'I',
        desc: 'Cost type L does not exist on phase 05100 of job 24-001',
        column: 'Cost_Type',
      },
    ]);
    expect(
      (
        await call(
          sim,
          'UpdateSubcontractPhases',
          updateSubcontractPhases({ ...line, Bill_Description: 'Structural steel erection1' }),
        )
      )[0],
    ).toMatchObject({ error_code: 'I', column: 'Bill_Description' });
    expect(
      (
        await call(
          sim,
          'UpdateSubcontractPhases',
          updateSubcontractPhases({ ...line, Subcontract_Number: 'SC-9999' }),
        )
      )[0],
    ).toMatchObject({ error_code: 'I', column: 'Subcontract_Number' });
    expect(await call(sim, 'UpdateSubcontractPhases', updateSubcontractPhases(line))).toEqual(added);
    expect(
      await call(sim, 'UpdateSubcontractPhases', updateSubcontractPhases({ ...line, Bill_Description: '' })),
    ).toEqual(updated);
    expect(
      await call(
        sim,
        'UpdateSubcontractPhases',
        updateSubcontractPhases({ ...line, Bid_Item_Number: '2', Original_Contract_Amount: '5000' }),
      ),
    ).toEqual(added);
    expect(sim.state().subcontractPhases).toEqual([
      { ...line, Unit_Of_Measure: '', Original_Contract_Amount: '310000.00', writeCount: 2 },
      {
        ...line,
        Bid_Item_Number: '2',
        Unit_Of_Measure: '',
        Original_Contract_Amount: '5000.00',
        writeCount: 1,
      },
    ]);
  });

  it('keeps a change request line per phase × cost type, with the header shared by its lines', async () => {
    const request = { Change_Request_Number: 'CR-001' };
    expect(
      await call(
        sim,
        'ARChangeRequest',
        arChangeRequest({ ...request, CR_Phase_Code: '01100', CR_Cost_Type: 'L' }),
      ),
    ).toEqual([
      {
        error_code: 'M',
        desc: 'CR_Description is required for a new change request',
        column: 'CR_Description',
      },
      { error_code: 'M', desc: 'CR_Status is required for a new change request', column: 'CR_Status' },
    ]);
    const first = {
      ...request,
      CR_Description: 'Added skylights',
      CR_Status: 'O',
      Origination_Date: '03/15/2025',
      CR_Phase_Code: '01100',
      CR_Cost_Type: 'L',
      CR_Amount: '1200',
    };
    expect(
      await call(sim, 'ARChangeRequest', arChangeRequest({ ...first, Origination_Date: '02/30/2025' })),
    ).toEqual([
      {
        error_code: 'I',
        desc: 'Origination_Date must be a valid date written MM/DD/CCYY',
        column: 'Origination_Date',
      },
    ]);
    expect(await call(sim, 'ARChangeRequest', arChangeRequest(first))).toEqual(added);
    // A second line sends the header empty; a re-sent line is updated, never duplicated.
    expect(
      await call(
        sim,
        'ARChangeRequest',
        arChangeRequest({ ...request, CR_Phase_Code: '01100', CR_Cost_Type: 'M', CR_Amount: '-250.75' }),
      ),
    ).toEqual(added);
    expect(
      await call(
        sim,
        'ARChangeRequest',
        arChangeRequest({ ...request, CR_Phase_Code: '01100', CR_Cost_Type: 'L', CR_Amount: '1300' }),
      ),
    ).toEqual(updated);
    // A header value sent on one line applies to the whole change request.
    expect(
      await call(
        sim,
        'ARChangeRequest',
        arChangeRequest({ ...request, CR_Status: 'A', CR_Phase_Code: '01100', CR_Cost_Type: 'M' }),
      ),
    ).toEqual(updated);
    const lines = sim.state().changeRequests.filter((line) => line.Change_Request_Number === 'CR-001');
    expect(
      lines.map((line) => [
        line.CR_Cost_Type,
        line.CR_Amount,
        line.CR_Description,
        line.CR_Status,
        line.Origination_Date,
        line.writeCount,
      ]),
    ).toEqual([
      ['L', '1300.00', 'Added skylights', 'A', '03/15/2025', 2],
      ['M', '-250.75', 'Added skylights', 'A', '03/15/2025', 2],
    ]);
    expect(
      (
        await call(
          sim,
          'ARChangeRequest',
          arChangeRequest({ ...request, CR_Phase_Code: '02200', CR_Cost_Type: 'L' }),
        )
      )[0],
    ).toMatchObject({
      error_code: 'I',
      column: 'CR_Phase_Code',
    });
    expect(
      (
        await call(
          sim,
          'ARChangeRequest',
          arChangeRequest({ ...request, Change_Request_Number: 'CR-0000001' }),
        )
      )[0],
    ).toMatchObject({
      error_code: 'I',
      column: 'Change_Request_Number',
    });
  });

  it('checks the subcontract section of a change request line', async () => {
    // A subcontract of its own, so that this test does not depend on the order of the others.
    expect(
      await call(
        sim,
        'UpdateSubcontract',
        updateSubcontract({
          Vendor_Code: 'CAPELEC',
          Subcontract_Number: 'SC-2402',
          Job_Number: '24-001',
          GL_Account: '500002',
        }),
      ),
    ).toEqual(added);
    const line = {
      Change_Request_Number: 'CR-002',
      CR_Description: 'Extra circuits',
      CR_Status: 'O',
      CR_Phase_Code: '16100',
      CR_Cost_Type: 'S',
      CR_Amount: '800',
    };
    const section = {
      Subcontractor_Code: 'CAPELEC',
      Subcontract_Number: 'SC-2402',
      Sub_Amount: '750',
      Sub_Status: 'P',
      Sub_Change_Order_Number: 'CO-1',
      Sub_Description: 'Extra circuits',
    };
    const invalid = await call(
      sim,
      'ARChangeRequest',
      arChangeRequest({
        ...line,
        ...section,
        Sub_Status: 'X',
        Sub_Change_Order_Number: 'CO-000001',
        Sub_Description: 'd'.repeat(31),
        Sub_Amount: '1,000',
      }),
    );
    expect(invalid.map((record) => [record.error_code, record.column])).toEqual([
      ['I', 'Sub_Amount'],
      ['I', 'Sub_Status'],
      ['I', 'Sub_Change_Order_Number'],
      ['I', 'Sub_Description'],
    ]);
    expect(await call(sim, 'ARChangeRequest', arChangeRequest({ ...line, Sub_Amount: '750' }))).toEqual([
      {
        error_code: 'M',
        desc: 'Subcontractor_Code is required for a subcontract change order',
        column: 'Subcontractor_Code',
      },
      {
        error_code: 'M',
        desc: 'Subcontract_Number is required for a subcontract change order',
        column: 'Subcontract_Number',
      },
    ]);
    expect(
      (
        await call(
          sim,
          'ARChangeRequest',
          arChangeRequest({ ...line, ...section, Job_Number: '24-002', Customer_Code: 'CITYFRES' }),
        )
      )[0],
    ).toMatchObject({
      error_code: 'I',
      column: 'Subcontract_Number',
      desc: 'Subcontract SC-2402 is on job 24-001',
    });
    expect(await call(sim, 'ARChangeRequest', arChangeRequest({ ...line, ...section }))).toEqual(added);
    expect(await call(sim, 'ARChangeRequest', arChangeRequest({ ...line, Sub_Status: 'E' }))).toEqual(
      updated,
    );
    expect(sim.state().changeRequests.find((l) => l.Change_Request_Number === 'CR-002')).toMatchObject({
      ...section,
      Sub_Amount: '750.00',
      Sub_Status: 'E',
      writeCount: 2,
    });
  });
});

describe('the write counters and the inspection view', () => {
  let sim: SpectrumSimulator;
  beforeAll(async () => {
    sim = await startSpectrumSimulator({ seed: 'empty' });
  });
  afterAll(() => sim.close());

  it('starts empty and counts stored Put records per service, not refused ones', async () => {
    expect(sim.state()).toEqual({
      jobs: [],
      phases: [],
      vendors: [],
      subcontracts: [],
      subcontractPhases: [],
      changeRequests: [],
      writes: {
        AddJob: 0,
        AddPhase: 0,
        AddVendor: 0,
        UpdateSubcontract: 0,
        UpdateSubcontractPhases: 0,
        ARChangeRequest: 0,
      },
    });
    const job = {
      Job_Number: 'E1',
      Job_Description: 'Empty seed job',
      Price_Method_Code: 'T',
      Taxable_Flag: 'N',
    };
    expect(await call(sim, 'AddJob', addJob(job))).toEqual(added);
    expect(await call(sim, 'AddJob', addJob(job))).toEqual(updated);
    expect((await call(sim, 'AddJob', addJob({ Job_Number: 'E2' })))[0]!.error_code).toBe('M');
    // No phase mask on the empty seed: any code without dashes up to 20 characters.
    expect(
      await call(
        sim,
        'AddPhase',
        addPhase({
          Job_Number: 'E1',
          Phase_Code: 'SITEWORK',
          Cost_Type: 'L',
          Description: 'Sitework',
          Price_Method_Code: 'J',
        }),
      ),
    ).toEqual(added);
    expect((await call(sim, 'GetJob', getJob()))[0]!.Job_Number).toBe('E1');

    const viaHttp = await (await fetch(`${sim.url}/_sim/state`)).json();
    expect(viaHttp).toEqual(sim.state());
    expect(sim.state().writes).toEqual({
      AddJob: 2,
      AddPhase: 1,
      AddVendor: 0,
      UpdateSubcontract: 0,
      UpdateSubcontractPhases: 0,
      ARChangeRequest: 0,
    });
    expect(sim.state().jobs.map((j) => [j.Job_Number, j.writeCount])).toEqual([['E1', 2]]);
  });
});

describe('the fault switches', () => {
  let sim: SpectrumSimulator;
  /** The scripted draws of the fault decisions; an empty script draws 0.99 (no fault). */
  const draws: number[] = [];
  let clock = 0;
  beforeAll(async () => {
    sim = await startSpectrumSimulator({ random: () => draws.shift() ?? 0.99, now: () => clock });
  });
  afterAll(() => sim.close());

  const vertical = {
    Job_Number: 'F-1',
    Job_Description: 'Fault test job',
    Price_Method_Code: 'F',
    Taxable_Flag: 'N',
  };

  it('answers transient Server faults, half of the Put ones after storing the record', async () => {
    sim.setFaults({ transientRate: 0.3 });
    draws.push(0.29, 0.5); // a fault, before the call runs
    const before = await post(sim, 'AddJob', addJob(vertical));
    expect(before.status).toBe(500);
    expect(fault(before.xml)).toEqual({
      faultcode: 'SOAP-ENV:Server',
      faultstring: 'Error executing Web Service',
    });
    expect(sim.state().jobs.some((j) => j.Job_Number === 'F-1')).toBe(false);

    draws.push(0.1, 0.49); // a fault, after the commit
    const after = await post(sim, 'AddJob', addJob(vertical));
    expect(after.status).toBe(500);
    expect(fault(after.xml).faultcode).toBe('SOAP-ENV:Server');
    expect(
      sim
        .state()
        .jobs.filter((j) => j.Job_Number === 'F-1')
        .map((j) => j.writeCount),
    ).toEqual([1]);

    // The client's retry is an upsert: still one job.
    expect(await call(sim, 'AddJob', addJob(vertical))).toEqual(updated);
    expect(
      sim
        .state()
        .jobs.filter((j) => j.Job_Number === 'F-1')
        .map((j) => j.writeCount),
    ).toEqual([2]);

    draws.push(0.2); // Get calls fault before running
    const get = await post(sim, 'GetJob', getJob());
    expect(get.status).toBe(500);
    expect(fault(get.xml).faultstring).toBe('Error executing Web Service');
    sim.setFaults({ transientRate: 0 });
    expect((await post(sim, 'GetJob', getJob())).status).toBe(200);
  });

  it('cuts Get answers off after a response element, closing tags lost', async () => {
    sim.setFaults({ truncateRate: 0.5 });
    const whole = await post(sim, 'GetPhase', getPhase({ pJob_Number: 'STANDARD' }));
    const count = responses('GetPhase', whole.xml).length;
    draws.push(0.4, 0.5); // truncate, keeping the first half of the responses
    const cut = await post(sim, 'GetPhase', getPhase({ pJob_Number: 'STANDARD' }));
    expect(cut.status).toBe(200);
    expect(XMLValidator.validate(cut.xml)).not.toBe(true);
    expect(cut.xml.endsWith('</response>')).toBe(true);
    expect(cut.xml).not.toContain('</SOAP-ENV:Envelope>');
    expect(cut.xml.split('</response>').length - 1).toBe(1 + Math.floor(0.5 * count));
    expect(whole.xml.startsWith(cut.xml)).toBe(true);
    // Put answers are never cut, even when every Get answer is.
    sim.setFaults({ truncateRate: 1 });
    expect((await post(sim, 'AddJob', addJob(vertical))).xml).toContain('</SOAP-ENV:Envelope>');
    expect((await post(sim, 'GetJob', getJob())).xml).not.toContain('</SOAP-ENV:Envelope>');
    sim.setFaults({ truncateRate: 0 });
    expect(draws).toEqual([]);
  });

  it('delays answers by the latency', async () => {
    sim.setFaults({ latencyMs: 120 });
    const started = performance.now();
    expect((await post(sim, 'GetJob', getJob())).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    sim.setFaults({ latencyMs: 0 });
  });

  it('drops every ERP connection during an outage while the inspection view still answers', async () => {
    const switched = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ outage: true }),
    });
    expect(await switched.json()).toMatchObject({ outage: true, transientRate: 0, latencyMs: 0 });
    await expect(post(sim, 'GetJob', getJob())).rejects.toThrow();
    await expect(
      fetch(`${sim.url}/vendors/001`, { headers: { authorization: basic('001', 'DEMO') } }),
    ).rejects.toThrow();
    expect((await fetch(`${sim.url}/_sim/state`)).status).toBe(200);
    await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ outage: false }) });
    expect((await post(sim, 'GetJob', getJob())).status).toBe(200);
  });

  it('takes a GUID timeout switch and refuses malformed switches', async () => {
    await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ guidTimeoutMs: 1000 }) });
    const guid = '0b8f5a52-4a0e-4e43-8c3d-2f1e9b7c6d5a';
    expect((await call(sim, 'GetJob', getJob({ GUID: guid })))[0]!.Error_Code).toBe('');
    clock += 1001;
    expect((await call(sim, 'GetJob', getJob({ GUID: guid })))[0]).toMatchObject({
      Error_Code: 'A',
      Error_Description: 'Time out has occurred',
      Error_Column: 'GUID',
    });
    const refused = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ transientRate: 2 }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('transientRate must be from 0 to 1');
    expect(sim.faults()).toEqual({
      transientRate: 0,
      truncateRate: 0,
      latencyMs: 0,
      outage: false,
      guidTimeoutMs: 1000,
    });
  });
});

describe('a simulator with a data file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spectrum-sim-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data, counters and settings across a restart without seeding twice', async () => {
    const dataFile = join(dir, 'spectrum.db');
    const first = await startSpectrumSimulator({ dataFile, authorizationId: 'SECRET1' });
    const seeded = first.state();
    const job = {
      Authorization_ID: 'SECRET1',
      Job_Number: 'P-1',
      Job_Description: 'Persisted job',
      Price_Method_Code: 'U',
      Taxable_Flag: 'Y',
    };
    expect(await call(first, 'AddJob', addJob(job))).toEqual(added);
    expect(
      await call(
        first,
        'AddJob',
        addJob({ Authorization_ID: 'SECRET1', Job_Number: '24-001', City: 'Folsom' }),
      ),
    ).toEqual(updated);
    await first.close();

    const second = await startSpectrumSimulator({ dataFile });
    try {
      const state = second.state();
      expect(state.phases).toHaveLength(seeded.phases.length);
      expect(state.vendors).toHaveLength(seeded.vendors.length);
      expect(state.jobs).toHaveLength(seeded.jobs.length + 1);
      expect(state.jobs.find((j) => j.Job_Number === 'P-1')).toMatchObject({
        Job_Description: 'Persisted job',
        writeCount: 1,
      });
      expect(state.writes.AddJob).toBe(2);
      // Re-seeding fills in what is missing, never overwrites what a client changed.
      expect(state.jobs.find((j) => j.Job_Number === '24-001')).toMatchObject({
        City: 'Folsom',
        writeCount: 1,
      });
      // The authorization id the file was created with still holds.
      expect((await call(second, 'GetJob', getJob()))[0]!.Error_Code).toBe('A');
      expect(
        (await call(second, 'GetJob', getJob({ Authorization_ID: 'SECRET1' }))).some(
          (row) => row.Job_Number === 'P-1',
        ),
      ).toBe(true);
    } finally {
      await second.close();
    }
  });
});
