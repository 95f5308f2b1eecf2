import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADDED,
  basicAuth,
  Clock,
  codes,
  mmddccyy,
  num,
  type Row,
  sameDate,
  simulatorPerFile,
  UPDATED,
  type Values,
} from './raw-sdx.ts';

/*
 * Subcontracts: UpdateSubcontract (digest §15) and UpdateSubcontractPhases (§16), add or update on their
 * keys, with the brief §3 choices; GL 5000/5100 direct job cost, 6000 overhead; fiscal calendar
 * 01/01/2020–12/31/2030 (brief §6).
 */

const clock = new Clock();
const t = simulatorPerFile({ now: clock.now });
const storedSubcontract = (vendor: string, number: string | undefined) =>
  t.sim.state().subcontracts.find((s) => s.Vendor_Code === vendor && s.Subcontract_Number === number);

let serial = 0;
const subcontract = (values: Values = {}): Values => ({
  Vendor_Code: 'BAYSTEEL',
  Subcontract_Number: `SC-${++serial}`,
  Job_Number: '24-001',
  GL_Account: '5000',
  ...values,
});

let phases24: Row[];
let priceMethod24: string;
beforeAll(async () => {
  phases24 = await t.sdx.get('GetPhase', { pJob_Number: '24-001' });
  priceMethod24 = (await t.sdx.get('GetJobMain')).find((r) => r.Job_Number === '24-001')!.Price_Method_Code!;
});

describe('UpdateSubcontract (digest §15)', () => {
  it('stores the documented request with every element', async () => {
    const [phase] = phases24;
    const full: Values = {
      Company_Code: '001',
      Vendor_Code: 'BAYSTEEL',
      Subcontract_Number: 'SC-FULL',
      Job_Number: '24-001',
      Default_Phase_Code: phase!.Phase_Code!,
      Default_Cost_Type: phase!.Cost_Type!,
      Status_Code: 'A',
      Contract_Type: 'Structural',
      Insurance_Cert_Flag: 'Y',
      Sent_Date: '05/01/2026',
      Date_Issued: '05/02/2026',
      Contact_Person: 'Dana Ruiz',
      Unit_Price_Flag: 'N',
      Comment: 'Structural steel package',
      Routing_Code1: '',
      Routing_Limit: '',
      Routing_Code2: '',
      GL_Account: '5000',
      Retention_Percent: '10',
      Next_Payment_Number: '1',
      Pay_Override: 'Y',
      Pay_Terms: 'B',
      Pay_Days: '45',
      Disc_Override: 'Y',
      Disc_Terms: 'A',
      Disc_Days: '10',
      Disc_Perc: '1.5',
      Pay_When_Paid: 'Y',
      Cost_Center_Override: '100',
    };
    const writes = t.sim.state().writes.UpdateSubcontract ?? 0;
    expect(await t.sdx.put('UpdateSubcontract', full)).toEqual(ADDED);
    expect(t.sim.state().writes.UpdateSubcontract).toBe(writes + 1);
    const record = storedSubcontract('BAYSTEEL', 'SC-FULL')!;
    const numeric = [
      'GL_Account',
      'Retention_Percent',
      'Next_Payment_Number',
      'Pay_Days',
      'Disc_Days',
      'Disc_Perc',
      'Cost_Center_Override',
    ];
    expect(record).toMatchObject(
      Object.fromEntries(
        Object.entries(full).filter(([k, v]) => v !== '' && !numeric.includes(k) && !k.endsWith('_Date')),
      ),
    );
    for (const name of numeric) expect(num(record[name]), name).toBe(num(full[name]));
    expect(sameDate(record.Date_Issued, '05/02/2026')).toBe(true);
    expect(sameDate(record.Sent_Date, '05/01/2026')).toBe(true);
    expect(record.writeCount).toBe(1);
  });

  it('stores a new one from the minimal request: Active, issued today, unit-price flag from the job', async () => {
    const request = subcontract({ Company_Code: '' });
    expect(await t.sdx.put('UpdateSubcontract', request)).toEqual(ADDED);
    const record = storedSubcontract('BAYSTEEL', request.Subcontract_Number)!;
    expect(record).toMatchObject({ Company_Code: '001', Job_Number: '24-001', Status_Code: 'A' });
    expect(sameDate(record.Date_Issued, mmddccyy(clock.ms))).toBe(true);
    expect(record.Unit_Price_Flag).toBe(priceMethod24 === 'U' ? 'Y' : 'N');
  });

  it('defaults Unit_Price_Flag to Y on a unit-price job', async () => {
    expect(
      await t.sdx.put('AddJob', { Job_Number: 'UP-1', Taxable_Flag: 'N', Price_Method_Code: 'U' }),
    ).toEqual(ADDED);
    const request = subcontract({ Job_Number: 'UP-1' });
    expect(await t.sdx.put('UpdateSubcontract', request)).toEqual(ADDED);
    expect(storedSubcontract('BAYSTEEL', request.Subcontract_Number)).toMatchObject({ Unit_Price_Flag: 'Y' });
    const fixed = subcontract();
    expect(
      await t.sdx.put('AddJob', { Job_Number: 'FP-1', Taxable_Flag: 'N', Price_Method_Code: 'F' }),
    ).toEqual(ADDED);
    expect(await t.sdx.put('UpdateSubcontract', { ...fixed, Job_Number: 'FP-1' })).toEqual(ADDED);
    expect(storedSubcontract('BAYSTEEL', fixed.Subcontract_Number)).toMatchObject({ Unit_Price_Flag: 'N' });
  });

  it('needs Job_Number and GL_Account for a new subcontract only, and the key always', async () => {
    const writes = t.sim.state().writes.UpdateSubcontract ?? 0;
    expect(
      codes(await t.sdx.put('UpdateSubcontract', subcontract({ Job_Number: '', GL_Account: '' }))),
    ).toEqual([
      ['M', 'Job_Number'],
      ['M', 'GL_Account'],
    ]);
    expect(codes(await t.sdx.put('UpdateSubcontract', { Vendor_Code: '', Subcontract_Number: '' }))).toEqual(
      expect.arrayContaining([
        ['M', 'Vendor_Code'],
        ['M', 'Subcontract_Number'],
      ]),
    );
    expect(t.sim.state().writes.UpdateSubcontract).toBe(writes);
    const request = subcontract({ Comment: 'Kept' });
    expect(await t.sdx.put('UpdateSubcontract', request)).toEqual(ADDED);
    // Existing: the key alone is enough, and blank elements leave the record as it is.
    const before = storedSubcontract('BAYSTEEL', request.Subcontract_Number)!;
    expect(
      await t.sdx.put('UpdateSubcontract', {
        Vendor_Code: 'BAYSTEEL',
        Subcontract_Number: request.Subcontract_Number!,
      }),
    ).toEqual(UPDATED);
    expect(storedSubcontract('BAYSTEEL', request.Subcontract_Number)).toEqual({ ...before, writeCount: 2 });
    expect(t.sim.state().writes.UpdateSubcontract).toBe(writes + 2);
  });

  it('updates the fields sent and refuses to move the subcontract to another job', async () => {
    const request = subcontract();
    expect(await t.sdx.put('UpdateSubcontract', request)).toEqual(ADDED);
    expect(
      await t.sdx.put('UpdateSubcontract', { ...request, Status_Code: 'C', Comment: 'Closed out' }),
    ).toEqual(UPDATED);
    expect(storedSubcontract('BAYSTEEL', request.Subcontract_Number)).toMatchObject({
      Job_Number: '24-001',
      Status_Code: 'C',
      Comment: 'Closed out',
    });
    expect(codes(await t.sdx.put('UpdateSubcontract', { ...request, Job_Number: '24-002' }))).toEqual([
      ['I', 'Job_Number'],
    ]);
    expect(storedSubcontract('BAYSTEEL', request.Subcontract_Number)).toMatchObject({ Job_Number: '24-001' });
  });

  it('keys on Vendor_Code + Subcontract_Number: the same number under another vendor is another subcontract', async () => {
    const request = subcontract();
    expect(await t.sdx.put('UpdateSubcontract', request)).toEqual(ADDED);
    expect(
      await t.sdx.put('UpdateSubcontract', { ...request, Vendor_Code: 'CAPELEC', Job_Number: '24-002' }),
    ).toEqual(ADDED);
    expect(storedSubcontract('CAPELEC', request.Subcontract_Number)).toMatchObject({ Job_Number: '24-002' });
    expect(storedSubcontract('BAYSTEEL', request.Subcontract_Number)).toMatchObject({ Job_Number: '24-001' });
  });

  it('needs a direct job-cost GL account that exists', async () => {
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ GL_Account: '6000' })))).toEqual([
      ['I', 'GL_Account'],
    ]);
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ GL_Account: '9999' })))).toEqual([
      ['I', 'GL_Account'],
    ]);
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ GL_Account: '50-00' })))).toEqual([
      ['I', 'GL_Account'],
    ]);
    expect(await t.sdx.put('UpdateSubcontract', subcontract({ GL_Account: '5100' }))).toEqual(ADDED);
  });

  it('needs the vendor and the job to exist', async () => {
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Vendor_Code: 'NOSUCH' })))).toEqual([
      ['I', 'Vendor_Code'],
    ]);
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Job_Number: 'NOPE' })))).toEqual([
      ['I', 'Job_Number'],
    ]);
  });

  it('takes a retention percentage in format 2.1, positive', async () => {
    for (const ok of ['10', '10.5', '0', '99.9']) {
      expect(await t.sdx.put('UpdateSubcontract', subcontract({ Retention_Percent: ok })), ok).toEqual(ADDED);
    }
    for (const bad of ['10.25', '100', '-5', '5%']) {
      expect(
        codes(await t.sdx.put('UpdateSubcontract', subcontract({ Retention_Percent: bad }))),
        bad,
      ).toEqual([['I', 'Retention_Percent']]);
    }
  });

  it('takes a Date_Issued inside the fiscal calendar only', async () => {
    for (const bad of ['12/31/2019', '01/01/2031', '02/30/2026']) {
      expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Date_Issued: bad }))), bad).toEqual([
        ['I', 'Date_Issued'],
      ]);
    }
    expect(await t.sdx.put('UpdateSubcontract', subcontract({ Date_Issued: '02/29/2024' }))).toEqual(ADDED);
    expect(await t.sdx.put('UpdateSubcontract', subcontract({ Date_Issued: '01-01-2020' }))).toEqual(ADDED);
  });

  it('checks status, flags, default phase and cost-center override', async () => {
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Status_Code: 'Q' })))).toEqual([
      ['I', 'Status_Code'],
    ]);
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Unit_Price_Flag: 'X' })))).toEqual([
      ['I', 'Unit_Price_Flag'],
    ]);
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Insurance_Cert_Flag: 'X' })))).toEqual([
      ['I', 'Insurance_Cert_Flag'],
    ]);
    expect(await t.sdx.put('UpdateSubcontract', subcontract({ Insurance_Cert_Flag: 'A' }))).toEqual(ADDED);
    expect(
      codes(await t.sdx.put('UpdateSubcontract', subcontract({ Default_Phase_Code: '01-100' }))),
    ).toEqual([['I', 'Default_Phase_Code']]);
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Cost_Center_Override: '999' })))).toEqual(
      [['I', 'Cost_Center_Override']],
    );
    expect(await t.sdx.put('UpdateSubcontract', subcontract({ Cost_Center_Override: '200' }))).toEqual(ADDED);
  });

  it('needs Pay_Override Y for Pay_When_Paid Y (digest §15 Pay_When_Paid)', async () => {
    expect(codes(await t.sdx.put('UpdateSubcontract', subcontract({ Pay_When_Paid: 'Y' })))).toEqual([
      ['I', 'Pay_When_Paid'],
    ]);
    expect(
      await t.sdx.put('UpdateSubcontract', subcontract({ Pay_When_Paid: 'Y', Pay_Override: 'Y' })),
    ).toEqual(ADDED);
  });

  it('stores payment and discount terms only under their override flag Y (assumption 6)', async () => {
    const listed = (await (
      await fetch(`${t.sim.url}/vendors/001`, { headers: { authorization: basicAuth('001', 'DEMO') } })
    ).json()) as Record<string, string>[];
    const bay = listed.find((v) => v.Vendor_Code === 'BAYSTEEL')!;
    const otherPay = bay.Payment_Terms === 'A' ? 'B' : 'A';
    const otherDisc = bay.Discount_Terms === 'A' ? 'B' : 'A';
    const ignored = subcontract({
      Pay_Override: 'N',
      Pay_Terms: otherPay,
      Disc_Override: '',
      Disc_Terms: otherDisc,
    });
    expect(await t.sdx.put('UpdateSubcontract', ignored)).toEqual(ADDED);
    const record = storedSubcontract('BAYSTEEL', ignored.Subcontract_Number)!;
    expect(record.Pay_Terms).not.toBe(otherPay);
    expect(record.Disc_Terms).not.toBe(otherDisc);
    const applied = subcontract({
      Pay_Override: 'Y',
      Pay_Terms: otherPay,
      Disc_Override: 'Y',
      Disc_Terms: otherDisc,
    });
    expect(await t.sdx.put('UpdateSubcontract', applied)).toEqual(ADDED);
    expect(storedSubcontract('BAYSTEEL', applied.Subcontract_Number)).toMatchObject({
      Pay_Terms: otherPay,
      Disc_Terms: otherDisc,
    });
  });
});

describe('UpdateSubcontractPhases (digest §16)', () => {
  const SC = 'SC-LINES';
  const storedLines = () =>
    t.sim.state().subcontractPhases.filter((l) => l.Vendor_Code === 'CAPELEC' && l.Subcontract_Number === SC);
  let phase: Row;
  beforeAll(async () => {
    expect(
      await t.sdx.put('UpdateSubcontract', {
        Vendor_Code: 'CAPELEC',
        Subcontract_Number: SC,
        Job_Number: '24-001',
        GL_Account: '5000',
      }),
    ).toEqual(ADDED);
    phase = phases24.find((p) => p.Status_Code === 'A') ?? phases24[0]!;
  });
  const line = (values: Values = {}): Values => ({
    Vendor_Code: 'CAPELEC',
    Subcontract_Number: SC,
    Phase_Code: phase.Phase_Code!,
    Cost_Type: phase.Cost_Type!,
    ...values,
  });

  it('stores the documented request with every element, then updates the same line', async () => {
    const full: Values = {
      Company_Code: '001',
      ...line(),
      Bid_Item_Number: '1',
      Bill_Description: 'Electrical rough-in',
      Unit_Of_Measure: 'LS',
      Retention_Flag: 'Y',
      Unit_Price: '',
      Original_Contract_Quantity: '',
      Original_Contract_Amount: '310000',
    };
    const writes = t.sim.state().writes.UpdateSubcontractPhases ?? 0;
    expect(await t.sdx.put('UpdateSubcontractPhases', full)).toEqual(ADDED);
    const [stored] = storedLines().filter((l) => l.Bid_Item_Number === '1');
    expect(stored).toMatchObject({
      Phase_Code: phase.Phase_Code,
      Cost_Type: phase.Cost_Type,
      Bill_Description: 'Electrical rough-in',
      Unit_Of_Measure: 'LS',
      Retention_Flag: 'Y',
      writeCount: 1,
    });
    expect(num(stored!.Original_Contract_Amount)).toBe(310000);
    expect(
      await t.sdx.put('UpdateSubcontractPhases', {
        ...line(),
        Bid_Item_Number: '1',
        Original_Contract_Amount: '320000',
      }),
    ).toEqual(UPDATED);
    const updated = storedLines().filter((l) => l.Bid_Item_Number === '1');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ Bill_Description: 'Electrical rough-in', writeCount: 2 });
    expect(num(updated[0]!.Original_Contract_Amount)).toBe(320000);
    expect(t.sim.state().writes.UpdateSubcontractPhases).toBe(writes + 2);
  });

  it('keeps another line for the same phase and cost type with another billing item (assumption 3)', async () => {
    expect(
      await t.sdx.put(
        'UpdateSubcontractPhases',
        line({ Bid_Item_Number: '2', Original_Contract_Amount: '5000' }),
      ),
    ).toEqual(ADDED);
    expect(
      await t.sdx.put(
        'UpdateSubcontractPhases',
        line({ Bid_Item_Number: '3', Original_Contract_Amount: '6000' }),
      ),
    ).toEqual(ADDED);
    const bids = storedLines()
      .filter((l) => l.Phase_Code === phase.Phase_Code && l.Cost_Type === phase.Cost_Type)
      .map((l) => l.Bid_Item_Number);
    expect(bids).toEqual(expect.arrayContaining(['2', '3']));
  });

  it('needs the subcontract to exist', async () => {
    const writes = t.sim.state().writes.UpdateSubcontractPhases ?? 0;
    expect(
      codes(
        await t.sdx.put(
          'UpdateSubcontractPhases',
          line({ Subcontract_Number: 'SC-NONE', Original_Contract_Amount: '1' }),
        ),
      ),
    ).toEqual([['I', 'Subcontract_Number']]);
    expect(t.sim.state().writes.UpdateSubcontractPhases).toBe(writes);
  });

  it('needs a phase and cost type, from the request or the subcontract defaults (assumption 5)', async () => {
    expect(
      codes(
        await t.sdx.put(
          'UpdateSubcontractPhases',
          line({ Phase_Code: '', Cost_Type: '', Original_Contract_Amount: '1' }),
        ),
      ),
    ).toEqual([
      ['M', 'Phase_Code'],
      ['M', 'Cost_Type'],
    ]);
    const withDefaults = 'SC-DEFLT';
    expect(
      await t.sdx.put('UpdateSubcontract', {
        Vendor_Code: 'CAPELEC',
        Subcontract_Number: withDefaults,
        Job_Number: '24-001',
        GL_Account: '5000',
        Default_Phase_Code: phase.Phase_Code!,
        Default_Cost_Type: phase.Cost_Type!,
      }),
    ).toEqual(ADDED);
    expect(
      await t.sdx.put('UpdateSubcontractPhases', {
        Vendor_Code: 'CAPELEC',
        Subcontract_Number: withDefaults,
        Bid_Item_Number: '9',
        Original_Contract_Amount: '1200',
      }),
    ).toEqual(ADDED);
    expect(t.sim.state().subcontractPhases.find((l) => l.Subcontract_Number === withDefaults)).toMatchObject({
      Phase_Code: phase.Phase_Code,
      Cost_Type: phase.Cost_Type,
    });
  });

  it('needs the phase and cost type on the subcontract job', async () => {
    const other = (await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' })).find(
      (p) => !phases24.some((q) => q.Phase_Code === p.Phase_Code),
    );
    expect(other, 'a standard phase that 24-001 lacks').toBeDefined();
    expect(
      codes(
        await t.sdx.put(
          'UpdateSubcontractPhases',
          line({ Phase_Code: other!.Phase_Code!, Bid_Item_Number: 'X1' }),
        ),
      ),
    ).toEqual([['I', 'Phase_Code']]);
    const missingType = ['L', 'M', 'S', 'E', 'O'].find(
      (type) => !phases24.some((p) => p.Phase_Code === phase.Phase_Code && p.Cost_Type === type),
    );
    expect(missingType, 'a cost type the phase lacks').toBeDefined();
    expect(
      codes(
        await t.sdx.put('UpdateSubcontractPhases', line({ Cost_Type: missingType, Bid_Item_Number: 'X2' })),
      ),
    ).toEqual([['I', 'Cost_Type']]);
    expect(codes(await t.sdx.put('UpdateSubcontractPhases', line({ Phase_Code: '01-100' })))).toEqual([
      ['I', 'Phase_Code'],
    ]);
  });

  it('takes billing item, description and unit of measure from the phase when blank (assumption 6)', async () => {
    const code = '81000';
    expect(
      await t.sdx.put('AddPhase', {
        Job_Number: '24-001',
        Phase_Code: code,
        Cost_Type: 'S',
        Description: 'Low Voltage Systems',
        Unit_of_Measure: 'LF',
        Bid_Item_Number: '55',
        Price_Method_Code: 'J',
      }),
    ).toEqual(ADDED);
    expect(
      await t.sdx.put(
        'UpdateSubcontractPhases',
        line({ Phase_Code: code, Cost_Type: 'S', Original_Contract_Amount: '4200' }),
      ),
    ).toEqual(ADDED);
    expect(storedLines().find((l) => l.Phase_Code === code)).toMatchObject({
      Bid_Item_Number: '55',
      Bill_Description: 'Low Voltage Systems',
      Unit_Of_Measure: 'LF',
    });
  });

  it('computes the amount from unit price and quantity when both are given', async () => {
    expect(
      await t.sdx.put(
        'UpdateSubcontractPhases',
        line({ Bid_Item_Number: '20', Unit_Price: '12.5', Original_Contract_Quantity: '8' }),
      ),
    ).toEqual(ADDED);
    expect(num(storedLines().find((l) => l.Bid_Item_Number === '20')!.Original_Contract_Amount)).toBe(100);
  });

  it('checks the number formats: price -6.4, quantity -8.2, amount -9.2, negatives allowed', async () => {
    for (const [element, ok, bads] of [
      ['Unit_Price', '-123456.1234', ['1234567', '1.12345', '1,000']],
      ['Original_Contract_Quantity', '-12345678.12', ['123456789', '1.123']],
      ['Original_Contract_Amount', '-123456789.12', ['1234567890', '1.123', '$5']],
    ] as const) {
      expect(
        await t.sdx.put(
          'UpdateSubcontractPhases',
          line({ Bid_Item_Number: `F${element.length}`, [element]: ok }),
        ),
        element,
      ).toEqual(ADDED);
      for (const bad of bads) {
        expect(
          codes(await t.sdx.put('UpdateSubcontractPhases', line({ Bid_Item_Number: 'FB', [element]: bad }))),
          `${element} ${bad}`,
        ).toEqual([['I', element]]);
      }
    }
    expect(
      codes(await t.sdx.put('UpdateSubcontractPhases', line({ Bid_Item_Number: 'FB', Retention_Flag: 'X' }))),
    ).toEqual([['I', 'Retention_Flag']]);
  });
});
