import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADDED,
  codes,
  num,
  type PutResponse,
  type Row,
  simulatorPerFile,
  UPDATED,
  type Values,
} from './raw-sdx.ts';

/*
 * ARChangeRequest (digest §17), the only documented write path for subcontract change orders, with the
 * brief §3 choices: key Job + Customer + Change_Request_Number (blank → numbered, answered G), header
 * repeated on every record, cost line identified by phase, cost type, subcontractor, subcontract and
 * the two sub billing codes, subcontract section ignored when its two codes are blank. Seeded statuses
 * O P A(approved) X(executed) D; AR processing dates 01/01/2020–12/31/2030 (brief §6).
 */

const t = simulatorPerFile();
let customer: string; // 24-001's customer: its AR contract
let otherCustomer: string;
let p1: Row; // two phase × cost types of 24-001
let p2: Row;

let serial = 0;
const crNumber = () => `CR${++serial}`;

/** The header every record repeats (assumption 6). */
const header = (number: string, values: Values = {}): Values => ({
  Job_Number: '24-001',
  Customer_Code: customer,
  Change_Request_Number: number,
  CR_Description: 'Added skylights',
  CR_Status: 'O',
  Cost_Reimbursable_Flag: 'N',
  Origination_Date: '05/15/2026',
  Approved_Date: '',
  Fee_Percent: '',
  Fee_Amount: '',
  ...values,
});
const costLine = (phase: Row, values: Values = {}): Values => ({
  CR_Phase_Code: phase.Phase_Code!,
  CR_Cost_Type: phase.Cost_Type!,
  ...values,
});
const section = (values: Values = {}): Values => ({
  Subcontractor_Code: 'BAYSTEEL',
  Subcontract_Number: 'SC-CR1',
  Sub_Status: 'P',
  ...values,
});

const headers = (number: string) =>
  t.sim.state().changeRequests.filter((h) => h.Job_Number === '24-001' && h.Change_Request_Number === number);
const lines = (number: string) =>
  t.sim
    .state()
    .changeRequestLines.filter((l) => l.Job_Number === '24-001' && l.Change_Request_Number === number);

/** A stored record: one response, no error code; `added` for a new record, `updated` for an existing one. */
function expectStored(records: PutResponse[]): void {
  expect(records, JSON.stringify(records)).toHaveLength(1);
  expect(records[0]).toMatchObject({ error_code: '', column: '' });
  expect(['added', 'updated']).toContain(records[0]!.desc);
}

beforeAll(async () => {
  const jobs = await t.sdx.get('GetJob');
  customer = jobs.find((j) => j.Job_Number === '24-001')!.Customer_Code!;
  expect(customer).not.toBe('');
  otherCustomer = (await t.sdx.get('GetCustomers')).map((c) => c.Customer_Code!).find((c) => c !== customer)!;
  const phases = await t.sdx.get('GetPhase', { pJob_Number: '24-001' });
  p1 = phases[0]!;
  p2 = phases.find((p) => p.Phase_Code !== p1.Phase_Code)!;
  // Subcontracts for the subcontract sections: two on 24-001, one on another job.
  for (const [vendor, number, job] of [
    ['BAYSTEEL', 'SC-CR1', '24-001'],
    ['CAPELEC', 'SC-CR2', '24-001'],
    ['BAYSTEEL', 'SC-OTHER', '24-002'],
  ] as const) {
    expect(
      await t.sdx.put('UpdateSubcontract', {
        Vendor_Code: vendor,
        Subcontract_Number: number,
        Job_Number: job,
        GL_Account: '5000',
      }),
    ).toEqual(ADDED);
  }
  for (const bid of ['1', '2']) {
    expect(
      await t.sdx.put('UpdateSubcontractPhases', {
        Vendor_Code: 'BAYSTEEL',
        Subcontract_Number: 'SC-CR1',
        Phase_Code: p1.Phase_Code!,
        Cost_Type: p1.Cost_Type!,
        Bid_Item_Number: bid,
        Original_Contract_Amount: '10000',
      }),
    ).toEqual(ADDED);
  }
});

describe('ARChangeRequest: the change request and its header', () => {
  it('stores the documented request with every element: one header, one cost line with its subcontract section', async () => {
    const number = crNumber();
    const full: Values = {
      Company_Code: '001',
      ...header(number, { Fee_Percent: '5' }),
      ...costLine(p1, {
        Change_Request_Quantity: '10',
        Change_Request_Hours: '8',
        Change_Request_Amount: '1200.50',
      }),
      ...section({
        Sub_Amount: '750',
        Sub_Bid_Group_Item_Code: '',
        Sub_Bid_Item_Code: '1',
        Sub_Change_Order_Number: 'SCO-1',
        Sub_Change_Order_Date: '05/22/2026',
        Sub_Signed_Date: '',
        Sub_Description: 'Extra conduit',
        Sub_Type: 'Scope',
        Sub_Proposal_Date: '05/20/2026',
        Sub_Sent_Date: '05/21/2026',
        Sub_Due_Date: '06/01/2026',
        Sub_Comments: 'Per RFI 12',
      }),
      Markup_Cost_Type: '',
      Markup_Percent: '',
      Markup_Amount: '',
      Pricing_Addon_Code: '',
      Pricing_Addon_MU_Percent: '',
      Pricing_Addon_MU_Amount: '',
      Pricing_Addon_Phase: '',
      Pricing_Addon_Cost_Type: '',
      CR_Billing_Group_Code: '',
      CR_Billing_Item_Code: '',
      CR_Billing_Item_Description: '',
      CR_Additional_Description: '',
      CR_Unit_Price: '',
      CR_Quantity: '',
      CR_Revenue: '',
      Proceed_Submitted_Date: '05/16/2026',
      Proceed_Received_Date: '05/17/2026',
      Rough_Estimate: '1500',
      Quotation_Submitted_Date: '05/18/2026',
      Quotation_Due_Date: '05/25/2026',
      Requested_Days: '5',
      Approved_Days: '3',
      Default_Billing_Total: '',
    };
    const writes = t.sim.state().writes.ARChangeRequest ?? 0;
    expect(await t.sdx.put('ARChangeRequest', full)).toEqual(ADDED);
    expect(t.sim.state().writes.ARChangeRequest).toBe(writes + 1);
    expect(headers(number)).toHaveLength(1);
    expect(headers(number)[0]).toMatchObject({
      Company_Code: '001',
      Customer_Code: customer,
      CR_Description: 'Added skylights',
      CR_Status: 'O',
      Cost_Reimbursable_Flag: 'N',
    });
    expect(num(headers(number)[0]!.Fee_Percent)).toBe(5);
    const [line] = lines(number);
    expect(lines(number)).toHaveLength(1);
    expect(line).toMatchObject({
      CR_Phase_Code: p1.Phase_Code,
      CR_Cost_Type: p1.Cost_Type,
      Subcontractor_Code: 'BAYSTEEL',
      Subcontract_Number: 'SC-CR1',
      Sub_Bid_Item_Code: '1',
      Sub_Status: 'P',
      Sub_Change_Order_Number: 'SCO-1',
      Sub_Description: 'Extra conduit',
      Sub_Comments: 'Per RFI 12',
      writeCount: 1,
    });
    expect(num(line!.Change_Request_Amount)).toBe(1200.5);
    expect(num(line!.Sub_Amount)).toBe(750);
  });

  it('needs the key (Job_Number, Customer_Code) and a CR_Status for a new change request', async () => {
    const writes = t.sim.state().writes.ARChangeRequest ?? 0;
    expect(codes(await t.sdx.put('ARChangeRequest', { Change_Request_Number: 'CRX' }))).toEqual(
      expect.arrayContaining([
        ['M', 'Job_Number'],
        ['M', 'Customer_Code'],
      ]),
    );
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', { ...header(crNumber(), { CR_Status: '' }), ...costLine(p1) }),
      ),
    ).toEqual([['M', 'CR_Status']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', { ...header(crNumber(), { CR_Status: 'Z' }), ...costLine(p1) }),
      ),
    ).toEqual([['I', 'CR_Status']]);
    expect(t.sim.state().writes.ARChangeRequest).toBe(writes);
    for (const status of ['O', 'P', 'A', 'X', 'D']) {
      expect(
        await t.sdx.put('ARChangeRequest', { ...header(crNumber(), { CR_Status: status }), ...costLine(p1) }),
        status,
      ).toEqual(ADDED);
    }
  });

  it("needs the job's own customer, and a job that exists", async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber(), { Customer_Code: 'NOBODY' }),
          ...costLine(p1),
        }),
      ),
    ).toEqual([['I', 'Customer_Code']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber(), { Customer_Code: otherCustomer }),
          ...costLine(p1),
        }),
      ),
    ).toEqual([['I', 'Customer_Code']]);
    expect(
      codes(await t.sdx.put('ARChangeRequest', { ...header(crNumber(), { Job_Number: 'NOPE' }) })),
    ).toEqual([['I', 'Job_Number']]);
  });

  it('takes the customer of a job AddJob created with one: its AR contract (digest §12 assumption 3)', async () => {
    expect(
      await t.sdx.put('AddJob', {
        Job_Number: 'CRJOB-1',
        Taxable_Flag: 'Y',
        Price_Method_Code: 'F',
        Customer_Code: 'WESTGATE',
      }),
    ).toEqual(ADDED);
    expect(
      await t.sdx.put('AddPhase', {
        Job_Number: 'CRJOB-1',
        Phase_Code: '01100',
        Cost_Type: 'L',
        Description: 'General Conditions',
        Price_Method_Code: 'J',
      }),
    ).toEqual(ADDED);
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header('1', { Job_Number: 'CRJOB-1', Customer_Code: 'WESTGATE' }),
        CR_Phase_Code: '01100',
        CR_Cost_Type: 'L',
        Change_Request_Amount: '100',
      }),
    ).toEqual(ADDED);
  });

  it('numbers a change request sent without a number, answering G with the number in desc', async () => {
    const first = await t.sdx.put('ARChangeRequest', {
      ...header(''),
      ...costLine(p1, { Change_Request_Amount: '10' }),
    });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ error_code: 'G', column: 'Change_Request_Number' });
    expect(first[0]!.desc).toMatch(/^\d{1,8}$/);
    const second = await t.sdx.put('ARChangeRequest', {
      ...header(''),
      ...costLine(p1, { Change_Request_Amount: '20' }),
    });
    expect(second[0]).toMatchObject({ error_code: 'G', column: 'Change_Request_Number' });
    expect(second[0]!.desc).not.toBe(first[0]!.desc);
    expect(headers(first[0]!.desc)).toHaveLength(1);
    expect(headers(second[0]!.desc)).toHaveLength(1);
    expect(num(lines(second[0]!.desc)[0]!.Change_Request_Amount)).toBe(20);
  });

  it('keeps one header per change request across its lines; a header value sent on a line changes it', async () => {
    const number = crNumber();
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(number),
        ...costLine(p1, { Change_Request_Amount: '100' }),
      }),
    ).toEqual(ADDED);
    expectStored(
      await t.sdx.put('ARChangeRequest', {
        ...header(number),
        ...costLine(p2, { Change_Request_Amount: '200' }),
      }),
    );
    expect(headers(number)).toHaveLength(1);
    expect(lines(number)).toHaveLength(2);
    expectStored(
      await t.sdx.put('ARChangeRequest', {
        ...header(number, { CR_Description: 'Added skylights and curbs', CR_Status: 'P' }),
        ...costLine(p2),
      }),
    );
    expect(headers(number)).toHaveLength(1);
    expect(headers(number)[0]).toMatchObject({ CR_Description: 'Added skylights and curbs', CR_Status: 'P' });
    // The blank amount left the line's amount as it was (assumption 26).
    expect(
      num(
        lines(number).find((l) => l.CR_Phase_Code === p2.Phase_Code && l.CR_Cost_Type === p2.Cost_Type)!
          .Change_Request_Amount,
      ),
    ).toBe(200);
  });

  it('takes an Approved_Date only with an approved or executed status (assumption 11)', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber(), { CR_Status: 'O', Approved_Date: '05/20/2026' }),
          ...costLine(p1),
        }),
      ),
    ).toEqual([['I', 'Approved_Date']]);
    for (const status of ['A', 'X']) {
      const number = crNumber();
      expect(
        await t.sdx.put('ARChangeRequest', {
          ...header(number, { CR_Status: status, Approved_Date: '05/20/2026' }),
          ...costLine(p1),
        }),
        status,
      ).toEqual(ADDED);
    }
  });

  it('takes dates inside the AR processing dates only', async () => {
    for (const date of ['12/31/2019', '01/01/2031']) {
      expect(
        codes(
          await t.sdx.put('ARChangeRequest', {
            ...header(crNumber(), { Origination_Date: date }),
            ...costLine(p1),
          }),
        ),
        date,
      ).toEqual([['I', 'Origination_Date']]);
    }
  });

  it('checks the header formats: flag, fee percent -3.2, fee amount -8.2', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber(), { Cost_Reimbursable_Flag: 'X' }),
          ...costLine(p1),
        }),
      ),
    ).toEqual([['I', 'Cost_Reimbursable_Flag']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber(), { Fee_Percent: '1000' }),
          ...costLine(p1),
        }),
      ),
    ).toEqual([['I', 'Fee_Percent']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber(), { Fee_Amount: '123456789' }),
          ...costLine(p1),
        }),
      ),
    ).toEqual([['I', 'Fee_Amount']]);
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(crNumber(), { Fee_Percent: '-100.25' }),
        ...costLine(p1),
      }),
    ).toEqual(ADDED);
  });
});

describe('ARChangeRequest: cost lines (assumptions 8, 9, 13, 14)', () => {
  it('identifies a cost line by phase, cost type, subcontractor, subcontract and the two sub billing codes', async () => {
    const number = crNumber();
    const h = header(number);
    expect(
      await t.sdx.put('ARChangeRequest', { ...h, ...costLine(p1, { Change_Request_Amount: '100' }) }),
    ).toEqual(ADDED);
    // The same identity again: that line is updated.
    expect(
      await t.sdx.put('ARChangeRequest', { ...h, ...costLine(p1, { Change_Request_Amount: '150' }) }),
    ).toEqual(UPDATED);
    expect(lines(number)).toHaveLength(1);
    // The same phase and cost type with a subcontract section, or another sub billing item: new lines.
    expectStored(
      await t.sdx.put('ARChangeRequest', {
        ...h,
        ...costLine(p1),
        ...section({ Sub_Bid_Item_Code: '1', Sub_Amount: '70' }),
      }),
    );
    expectStored(
      await t.sdx.put('ARChangeRequest', {
        ...h,
        ...costLine(p1),
        ...section({ Sub_Bid_Item_Code: '2', Sub_Amount: '80' }),
      }),
    );
    expectStored(
      await t.sdx.put('ARChangeRequest', {
        ...h,
        ...costLine(p1),
        ...section({ Subcontractor_Code: 'CAPELEC', Subcontract_Number: 'SC-CR2', Sub_Amount: '90' }),
      }),
    );
    expect(lines(number)).toHaveLength(4);
    // Re-sending one identity updates that line only.
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...h,
        ...costLine(p1),
        ...section({ Sub_Bid_Item_Code: '1', Sub_Amount: '75' }),
      }),
    ).toEqual(UPDATED);
    const all = lines(number);
    expect(all).toHaveLength(4);
    const withBid1 = all.filter((l) => l.Subcontract_Number === 'SC-CR1' && l.Sub_Bid_Item_Code === '1');
    expect(withBid1).toHaveLength(1);
    expect(num(withBid1[0]!.Sub_Amount)).toBe(75);
    expect(withBid1[0]!.writeCount).toBe(2);
    const plain = all.filter(
      (l) => (l.Subcontractor_Code ?? '') === '' && (l.Subcontract_Number ?? '') === '',
    );
    expect(plain).toHaveLength(1);
    expect(num(plain[0]!.Change_Request_Amount)).toBe(150);
  });

  it('stores a line without hours, amount or subcontractor: the page says they can be blank', async () => {
    const number = crNumber();
    expect(await t.sdx.put('ARChangeRequest', { ...header(number), ...costLine(p2) })).toEqual(ADDED);
    expect(lines(number)).toHaveLength(1);
  });

  it('needs the phase and cost type on the job, not Complete', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          CR_Phase_Code: '99999',
          CR_Cost_Type: 'L',
        }),
      ),
    ).toEqual([['I', 'CR_Phase_Code']]);
    expect(
      await t.sdx.put('AddPhase', {
        Job_Number: '24-001',
        Phase_Code: '82000',
        Cost_Type: 'L',
        Description: 'Closed Phase',
        Price_Method_Code: 'J',
        Status_Code: 'C',
      }),
    ).toEqual(ADDED);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          CR_Phase_Code: '82000',
          CR_Cost_Type: 'L',
        }),
      ),
    ).toEqual([['I', 'CR_Phase_Code']]);
    // 82000 has cost type L only.
    const records = await t.sdx.put('ARChangeRequest', {
      ...header(crNumber()),
      CR_Phase_Code: '82000',
      CR_Cost_Type: 'M',
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.error_code).toBe('I');
    expect(['CR_Phase_Code', 'CR_Cost_Type']).toContain(records[0]!.column);
  });

  it('needs a phase and cost type when subcontract details are sent', async () => {
    const records = await t.sdx.put('ARChangeRequest', { ...header(crNumber()), ...section() });
    expect(codes(records)).toEqual([
      ['M', 'CR_Phase_Code'],
      ['M', 'CR_Cost_Type'],
    ]);
  });

  it('refuses billing codes: the demo contracts have no schedule of values (assumption 18)', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          CR_Billing_Item_Code: '100',
        }),
      ),
    ).toEqual([['I', 'CR_Billing_Item_Code']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          CR_Billing_Group_Code: 'A1',
        }),
      ),
    ).toEqual([['I', 'CR_Billing_Group_Code']]);
  });

  it('checks the line formats: hours -6.2, positive markup percent, whole days', async () => {
    const bad = async (values: Values) =>
      codes(await t.sdx.put('ARChangeRequest', { ...header(crNumber()), ...costLine(p1), ...values }));
    expect(await bad({ Change_Request_Hours: '1234567' })).toEqual([['I', 'Change_Request_Hours']]);
    expect(await bad({ Change_Request_Quantity: '1.123' })).toEqual([['I', 'Change_Request_Quantity']]);
    expect(await bad({ Requested_Days: '1.5' })).toEqual([['I', 'Requested_Days']]);
    expect(await bad({ Rough_Estimate: '1,500' })).toEqual([['I', 'Rough_Estimate']]);
  });
});

describe('ARChangeRequest: the subcontract section (assumptions 14, 15, 17)', () => {
  it('ignores every subcontract field when Subcontractor_Code and Subcontract_Number are both blank', async () => {
    const number = crNumber();
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(number),
        ...costLine(p1, { Change_Request_Amount: '40' }),
        Sub_Status: 'P',
        Sub_Amount: '500',
        Sub_Description: 'Ignored',
        Sub_Change_Order_Number: 'IGN',
      }),
    ).toEqual(ADDED);
    const [line] = lines(number);
    expect(line!.Sub_Status ?? '').toBe('');
    expect(line!.Sub_Description ?? '').toBe('');
    expect(line!.Sub_Change_Order_Number ?? '').toBe('');
    expect(line!.Sub_Amount ?? '').toBe('');
  });

  it('ignores them even when they would be invalid', async () => {
    const number = crNumber();
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(number),
        ...costLine(p1),
        Sub_Status: 'Q',
        Sub_Change_Order_Date: 'someday',
      }),
    ).toEqual(ADDED);
  });

  it('needs the subcontractor and subcontract to pair with a subcontract of the job', async () => {
    for (const pair of [
      { Subcontractor_Code: 'CAPELEC', Subcontract_Number: 'SC-CR1' }, // SC-CR1 is BAYSTEEL's
      { Subcontractor_Code: 'BAYSTEEL', Subcontract_Number: 'SC-OTHER' }, // on job 24-002
      { Subcontractor_Code: 'BAYSTEEL', Subcontract_Number: 'SC-NONE' },
    ]) {
      const records = await t.sdx.put('ARChangeRequest', {
        ...header(crNumber()),
        ...costLine(p1),
        ...section(pair),
      });
      expect(records, JSON.stringify(pair)).toHaveLength(1);
      expect(records[0]!.error_code).toBe('I');
      expect(['Subcontractor_Code', 'Subcontract_Number']).toContain(records[0]!.column);
    }
  });

  it('needs a Sub_Status (P, E or R) once a subcontractor is sent', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Status: '' }),
        }),
      ),
    ).toEqual([['M', 'Sub_Status']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Status: 'X' }),
        }),
      ),
    ).toEqual([['I', 'Sub_Status']]);
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(crNumber()),
        ...costLine(p1),
        ...section({ Sub_Status: 'R' }),
      }),
    ).toEqual(ADDED);
  });

  it('needs a Sub_Change_Order_Number for an executed subcontract change order', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Status: 'E' }),
        }),
      ),
    ).toEqual([['M', 'Sub_Change_Order_Number']]);
    const number = crNumber();
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(number),
        ...costLine(p1),
        ...section({ Sub_Status: 'E', Sub_Change_Order_Number: 'SCO-9', Sub_Signed_Date: '05/23/2026' }),
      }),
    ).toEqual(ADDED);
    expect(lines(number)[0]).toMatchObject({ Sub_Status: 'E', Sub_Change_Order_Number: 'SCO-9' });
  });

  it('takes a Sub_Signed_Date only for an executed one (digest §17 Sub_Signed_Date)', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Status: 'P', Sub_Signed_Date: '05/23/2026' }),
        }),
      ),
    ).toEqual([['I', 'Sub_Signed_Date']]);
  });

  it("needs a Sub_Bid_Item_Code that is one of the subcontract's billing items for the phase (billing items are never created)", async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Bid_Item_Code: '77' }),
        }),
      ),
    ).toEqual([['I', 'Sub_Bid_Item_Code']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p2),
          ...section({ Sub_Bid_Item_Code: '1' }),
        }),
      ),
    ).toEqual([['I', 'Sub_Bid_Item_Code']]);
    expect(
      await t.sdx.put('ARChangeRequest', {
        ...header(crNumber()),
        ...costLine(p1),
        ...section({ Sub_Bid_Item_Code: '2' }),
      }),
    ).toEqual(ADDED);
  });

  it('checks the subcontract formats: amount -10.2, dates', async () => {
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Amount: '1,000' }),
        }),
      ),
    ).toEqual([['I', 'Sub_Amount']]);
    expect(
      codes(
        await t.sdx.put('ARChangeRequest', {
          ...header(crNumber()),
          ...costLine(p1),
          ...section({ Sub_Due_Date: '6/1/2026' }),
        }),
      ),
    ).toEqual([['I', 'Sub_Due_Date']]);
  });
});
