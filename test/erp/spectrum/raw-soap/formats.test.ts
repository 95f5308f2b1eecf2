import { beforeAll, describe, expect, it } from 'vitest';
import { ADDED, codes, sameDate, simulatorPerFile, type Values } from './raw-sdx.ts';

/*
 * Data formats: digest §4 (dates, numbers, truncation, key fields, phones), §3 validation order, brief §1
 * "Formats", "Over-long text values", "UDF elements".
 */

const t = simulatorPerFile();

let serial = 0;
/** A new job's minimal documented request: the three required elements, a fresh Job_Number. */
const job = (values: Values = {}): Values => ({
  Job_Number: `FMT-${++serial}`,
  Taxable_Flag: 'N',
  Price_Method_Code: 'F',
  ...values,
});
const storedJob = (number: string | undefined) => t.sim.state().jobs.find((j) => j.Job_Number === number);

let vendorSerial = 0;
const vendor = (values: Values = {}): Values => ({
  Vendor_Code: `FMTV${++vendorSerial}`,
  Vendor_Name: 'Format Test Supply',
  Alpha_Sort: 'FMTSUP',
  Terms_Code: 'A',
  Terms_Days: '30',
  Terms_Disc_Code: 'A',
  ...values,
});

describe('dates: MM/DD/CCYY with a slash or a dash (digest §4)', () => {
  it.each(['01/02/2026', '05/22/2026', '05-22-2026', '12/31/2026', '02/29/2024', '01-01-2020'])(
    'stores %s',
    async (date) => {
      const request = job({ Est_Start_Date: date });
      expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
      const expected = date.replaceAll('-', '/');
      expect(sameDate(storedJob(request.Job_Number)?.Est_Start_Date, expected)).toBe(true);
    },
  );

  it.each([
    ['one-digit month and day', '1/2/2026'],
    ['a two-digit year', '05/22/26'],
    ['mixed separators', '01-02/2026'],
    ['no separators', '05222026'],
    ['a written-out date', 'May 22, 2026'],
    ['ISO order', '2026-05-22'],
    ['a day that does not exist', '02/30/2026'],
    ['February 29 of a common year', '02/29/2026'],
    ['month 13', '13/01/2026'],
    ['month 00', '00/10/2026'],
    ['April 31', '04/31/2026'],
    ['dots', '05.22.2026'],
    ['more than 10 characters (a date is never truncated)', '05/22/20266'],
  ])('refuses %s: I, column the date element', async (_, date) => {
    const request = job({ Est_Start_Date: date });
    expect(codes(await t.sdx.put('AddJob', request))).toEqual([['I', 'Est_Start_Date']]);
    expect(storedJob(request.Job_Number)).toBeUndefined();
  });
});

describe('numbers (digest §4; brief §1 "Formats")', () => {
  let line: Values;
  beforeAll(async () => {
    // ARChangeRequest's Change_Request_Amount: Numeric 14, negatives allowed, format -10.2 (digest §17).
    const [job24] = await t.sdx
      .get('GetJob', { pStatus_Code: 'A' })
      .then((rows) => rows.filter((r) => r.Job_Number === '24-001'));
    const [phase] = await t.sdx.get('GetPhase', { pJob_Number: '24-001' });
    line = {
      Job_Number: '24-001',
      Customer_Code: job24!.Customer_Code!,
      Change_Request_Number: 'FMT1',
      CR_Description: 'Number formats',
      CR_Status: 'O',
      Origination_Date: '05/22/2026',
      CR_Phase_Code: phase!.Phase_Code!,
      CR_Cost_Type: phase!.Cost_Type!,
    };
  });

  it.each(['-10.2', '-6785.52', '-15000', '10.2', '0', '-1234567890.12', '1234567890.12'])(
    'accepts %s in a -10.2 field of Max 14',
    async (amount) => {
      const records = await t.sdx.put('ARChangeRequest', { ...line, Change_Request_Amount: amount });
      expect(records).toHaveLength(1);
      expect(records[0]!.error_code, JSON.stringify(records)).toBe('');
    },
  );

  it.each([
    ['a trailing minus', '10.2-'],
    ['a trailing spaced minus', '6785.52 -'],
    ['a minus and a space', '- 15000'],
    ['a dollar sign', '$15000'],
    ['a thousands comma', '15,000'],
    ['11 integer digits', '12345678901.5'],
    ['3 decimals', '1.125'],
    ['letters', '12a'],
    ['two points', '1.2.3'],
    ['a plus sign', '+5'],
  ])('refuses %s: I, column the element', async (_, amount) => {
    expect(codes(await t.sdx.put('ARChangeRequest', { ...line, Change_Request_Amount: amount }))).toEqual([
      ['I', 'Change_Request_Amount'],
    ]);
  });

  it('takes the XXX.XXXXXX format with a leading minus for latitude and longitude (digest §12)', async () => {
    const ok = job({ Latitude: '-123.456789', Longitude: '38.58157' });
    expect(await t.sdx.put('AddJob', ok)).toEqual(ADDED);
    for (const bad of ['1234.5', '1.1234567', '38,5', '38.5N']) {
      expect(codes(await t.sdx.put('AddJob', job({ Latitude: bad }))), bad).toEqual([['I', 'Latitude']]);
    }
  });

  it('refuses a negative number in a positive-only field, accepts 123.12 in a Max 6 percentage (digest §4)', async () => {
    expect(await t.sdx.put('AddVendor', vendor({ Terms_Disc_Percent: '123.12' }))).toEqual(ADDED);
    expect(codes(await t.sdx.put('AddVendor', vendor({ Terms_Disc_Percent: '-1.5' })))).toEqual([
      ['I', 'Terms_Disc_Percent'],
    ]);
    expect(codes(await t.sdx.put('AddJob', job({ Total_Units: '-5' })))).toEqual([['I', 'Total_Units']]);
  });

  it('refuses a number longer than its Max instead of truncating it (brief §1)', async () => {
    const before = t.sim.state().truncatedValues;
    expect(codes(await t.sdx.put('AddJob', job({ Total_Units: '1234567890' })))).toEqual([
      ['I', 'Total_Units'],
    ]);
    expect(codes(await t.sdx.put('AddJob', job({ Division: '123456' })))).toEqual([['I', 'Division']]);
    expect(t.sim.state().truncatedValues).toEqual(before);
  });

  it('refuses letters in a numeric Division (digest §12: Division is Numeric 5)', async () => {
    expect(codes(await t.sdx.put('AddJob', job({ Division: 'NORTH' })))).toEqual([['I', 'Division']]);
    const request = job({ Division: '20' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
  });
});

describe('over-long text is truncated to its Max and stored (digest §4; brief §1)', () => {
  it('truncates, stores, answers added and counts each truncated value per Service.Element', async () => {
    const before = t.sim.state().truncatedValues;
    const request = job({
      Job_Description: 'A job description of thirty!', // 28 > 25
      Address_1: 'An address line that runs past thirty', // 38 > 30
      City: 'Exactly twenty-five chars', // 25: not truncated
    });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    expect(storedJob(request.Job_Number)).toMatchObject({
      Job_Description: 'A job description of thir',
      Address_1: 'An address line that runs past',
      City: 'Exactly twenty-five chars',
    });
    const after = t.sim.state().truncatedValues;
    expect((after['AddJob.Job_Description'] ?? 0) - (before['AddJob.Job_Description'] ?? 0)).toBe(1);
    expect((after['AddJob.Address_1'] ?? 0) - (before['AddJob.Address_1'] ?? 0)).toBe(1);
    expect(after['AddJob.City'] ?? 0).toBe(before['AddJob.City'] ?? 0);
    const [row] = (await t.sdx.get('GetJob')).filter((r) => r.Job_Number === request.Job_Number);
    expect(row).toMatchObject({
      Job_Description: 'A job description of thir',
      Address_1: 'An address line that runs past',
    });
  });

  it('truncates a key too: an 11-character Job_Number is stored as its first 10', async () => {
    const before = t.sim.state().truncatedValues['AddJob.Job_Number'] ?? 0;
    expect(await t.sdx.put('AddJob', job({ Job_Number: 'TRUNC-1234X' }))).toEqual(ADDED);
    expect(storedJob('TRUNC-1234')).toBeDefined();
    expect(t.sim.state().truncatedValues['AddJob.Job_Number']).toBe(before + 1);
  });

  it('truncates per service: a long Comment on UpdateSubcontract counts under UpdateSubcontract.Comment', async () => {
    const [job24] = (await t.sdx.get('GetJob')).filter((r) => r.Job_Number === '24-001');
    expect(job24).toBeDefined();
    const comment = 'c'.repeat(130);
    expect(
      await t.sdx.put('UpdateSubcontract', {
        Vendor_Code: 'ACMECONC',
        Subcontract_Number: 'FMT-SC1',
        Job_Number: '24-001',
        GL_Account: '5000',
        Comment: comment,
      }),
    ).toEqual(ADDED);
    expect(t.sim.state().subcontracts.find((s) => s.Subcontract_Number === 'FMT-SC1')).toMatchObject({
      Comment: 'c'.repeat(120),
    });
    expect(t.sim.state().truncatedValues['UpdateSubcontract.Comment']).toBe(1);
  });
});

describe('key fields never contain / * ? " \' > < # , & ~ (digest §4)', () => {
  it.each(['/', '*', '?', '"', "'", '>', '<', '#', ',', '&', '~'])(
    'refuses %s in a vendor code',
    async (char) => {
      const request = vendor({ Vendor_Code: `AB${char}CD` });
      expect(codes(await t.sdx.put('AddVendor', request))).toEqual([['I', 'Vendor_Code']]);
    },
  );

  it.each(['#', '&', ','])(
    'refuses %s in a customer code (AddJob) and a subcontractor code',
    async (char) => {
      expect(codes(await t.sdx.put('AddJob', job({ Customer_Code: `GEN${char}CUST` })))).toEqual([
        ['I', 'Customer_Code'],
      ]);
      expect(
        codes(
          await t.sdx.put('UpdateSubcontract', {
            Vendor_Code: `BAY${char}STEEL`,
            Subcontract_Number: 'K1',
            Job_Number: '24-001',
            GL_Account: '5000',
          }),
        ),
      ).toEqual([['I', 'Vendor_Code']]);
    },
  );

  it('takes upper case letters and digits only in a Vendor_Code (digest §14 "UPPERCASE, no symbols")', async () => {
    for (const code of ['acme2', 'Acme2', 'ACME-2', 'ACME 2', 'ACME_2']) {
      expect(codes(await t.sdx.put('AddVendor', vendor({ Vendor_Code: code }))), code).toEqual([
        ['I', 'Vendor_Code'],
      ]);
    }
    expect(await t.sdx.put('AddVendor', vendor({ Vendor_Code: 'ACME2' }))).toEqual(ADDED);
  });
});

describe('phones and SSNs are sent without dashes (digest §4)', () => {
  it.each(['Phone', 'Fax_Phone', 'Job_Site_Phone'])('AddJob refuses a dashed %s', async (element) => {
    const records = await t.sdx.put('AddJob', job({ [element]: '916-555-0100' }));
    expect(codes(records)).toEqual([['I', element]]);
    expect(records[0]!.desc).toContain('without dashes');
  });

  it.each(['Phone', 'Fax_Phone', 'Contact_Phone', 'Social_Sec_Number'])(
    'AddVendor refuses a dashed %s',
    async (element) => {
      const value = element === 'Social_Sec_Number' ? '123-45-67' : '916-555-0100';
      const records = await t.sdx.put('AddVendor', vendor({ [element]: value }));
      expect(codes(records)).toEqual([['I', element]]);
      expect(records[0]!.desc).toContain('without dashes');
    },
  );

  it('stores phones sent as digits', async () => {
    const request = job({ Phone: '9165550100', Fax_Phone: '9165550101', Job_Site_Phone: '9165550102' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    expect(storedJob(request.Job_Number)).toMatchObject({
      Phone: '9165550100',
      Fax_Phone: '9165550101',
      Job_Site_Phone: '9165550102',
    });
  });
});

describe('Y/N flags take Y or N only (brief §1)', () => {
  it.each([
    ['Taxable_Flag', 'y'],
    ['Taxable_Flag', '1'],
    ['Certified_Flag', 'X'],
    ['Track_Davis_Bacon', 'T'],
    ['Bill_From_Master', 'n'],
  ])('AddJob refuses %s = %s', async (element, value) => {
    expect(codes(await t.sdx.put('AddJob', job({ [element]: value })))).toEqual([['I', element]]);
  });
});

describe('a flag sent longer than its Max', () => {
  it('is truncated like any text, then checked: "Yes" is stored as Y and counted (brief §1)', async () => {
    const before = t.sim.state().truncatedValues['AddJob.Taxable_Flag'] ?? 0;
    const request = job({ Taxable_Flag: 'Yes' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    expect(storedJob(request.Job_Number)).toMatchObject({ Taxable_Flag: 'Y' });
    expect(t.sim.state().truncatedValues['AddJob.Taxable_Flag']).toBe(before + 1);
    // Truncated to a value that is not allowed: still refused.
    expect(codes(await t.sdx.put('AddJob', job({ Taxable_Flag: 'Xes' })))).toEqual([['I', 'Taxable_Flag']]);
  });
});

describe('validation order: authorization and required, then generic, then specific (digest §3)', () => {
  it('answers the required fields only, while formats are also wrong', async () => {
    const records = await t.sdx.put('AddJob', {
      Job_Number: 'FMT-ORDER1',
      Phone: '916-555-0100',
      Est_Start_Date: '2026-05-22',
    });
    expect(codes(records)).toEqual([
      ['M', 'Taxable_Flag'],
      ['M', 'Price_Method_Code'],
    ]);
  });

  it('answers the generic errors only, while the job also exists already', async () => {
    const records = await t.sdx.put('AddJob', job({ Job_Number: '24-001', Est_Start_Date: '5/22/2026' }));
    expect(codes(records)).toEqual([['I', 'Est_Start_Date']]);
  });

  it('answers one record per bad column, in parameter order', async () => {
    const records = await t.sdx.put(
      'AddJob',
      job({ Latitude: 'north', Est_Start_Date: '22/05/2026', Taxable_Flag: 'X', Phone: '555-0100' }),
    );
    expect(codes(records)).toEqual([
      ['I', 'Phone'],
      ['I', 'Taxable_Flag'],
      ['I', 'Est_Start_Date'],
      ['I', 'Latitude'],
    ]);
    const required = await t.sdx.put('AddJob', { Job_Number: '' });
    expect(codes(required)).toEqual([
      ['M', 'Job_Number'],
      ['M', 'Taxable_Flag'],
      ['M', 'Price_Method_Code'],
    ]);
  });
});

describe('UDFs and element names', () => {
  it('ignores UDF values: the demo Authorization IDs map none (digest §4, brief §1)', async () => {
    const request = job({ UDF1: 'ignored', UDF20: 'ignored too' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    const stored = storedJob(request.Job_Number)!;
    expect(stored.UDF1 ?? '').toBe('');
    expect(stored.UDF20 ?? '').toBe('');
  });

  it('takes Work_Local_Tax_Code in place of the page spelling Work_Local_Tax_Cod (brief §1)', async () => {
    const request = job({ Work_State_Tax_Code: 'CA', Work_Local_Tax_Cod: 'SACTO' });
    expect(
      await t.sdx.put('AddJob', request, { rename: { Work_Local_Tax_Cod: 'Work_Local_Tax_Code' } }),
    ).toEqual(ADDED);
    const stored = storedJob(request.Job_Number)!;
    expect(stored.Work_Local_Tax_Cod ?? stored.Work_Local_Tax_Code).toBe('SACTO');
  });
});
