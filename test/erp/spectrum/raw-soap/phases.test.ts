import { describe, expect, it } from 'vitest';
import {
  ADDED,
  codes,
  ERROR_FIELDS,
  num,
  RETURN_FIELDS,
  type Row,
  simulatorPerFile,
  startSimulator,
  UPDATED,
  type Values,
} from './raw-sdx.ts';

/*
 * Phases: GetPhase (digest §8) and AddPhase (§13), with the brief §3 choices: create or update on
 * Job + Phase + Cost_Type, description shared by a phase's cost types, Original→Current estimate copy,
 * "Current Estimate display only?" as a simulator option; phase mask ##-### (brief §6).
 */

const COST_TYPES = ['L', 'M', 'S', 'E', 'O'];
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const key = (row: Row, fields: string[]) => fields.map((f) => row[f]);
const compareBy = (fields: string[]) => (a: Row, b: Row) => {
  for (const field of fields) {
    const order = byCodePoint(a[field]!, b[field]!);
    if (order !== 0) return order;
  }
  return 0;
};

describe('GetPhase on the demo seed', () => {
  const t = simulatorPerFile();

  it('lists the standard job: 30+ five-digit phases over cost types L M S E O, by phase then cost type', async () => {
    const rows = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' });
    expect(new Set(rows.map((r) => r.Phase_Code)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map((r) => r.Cost_Type))).toEqual(new Set(COST_TYPES));
    for (const row of rows) {
      expect(row).toMatchObject({ Company_Code: '001', Job_Number: 'STANDARD', Error_Code: '' });
      expect(row.Phase_Code).toMatch(/^\d{5}$/); // mask ##-###, sent and kept without dashes
      expect(row.Description!.length).toBeGreaterThan(0);
      expect(row.Description!.length).toBeLessThanOrEqual(25);
    }
    expect(rows.map((r) => key(r, ['Phase_Code', 'Cost_Type']))).toEqual(
      [...rows].sort(compareBy(['Phase_Code', 'Cost_Type'])).map((r) => key(r, ['Phase_Code', 'Cost_Type'])),
    );
  });

  it('answers exactly the documented fields in order, then Error_* (digest §8)', async () => {
    for (const row of await t.sdx.get('GetPhase', { pJob_Number: '' })) {
      expect(Object.keys(row)).toEqual([...RETURN_FIELDS.GetPhase, ...ERROR_FIELDS]);
    }
  });

  it('gives every cost type of a phase the same description (digest §13 assumption 8)', async () => {
    const rows = await t.sdx.get('GetPhase', { pJob_Number: '' });
    const descriptions = new Map<string, Set<string>>();
    for (const row of rows) {
      const phase = `${row.Job_Number}/${row.Phase_Code}`;
      descriptions.set(phase, (descriptions.get(phase) ?? new Set()).add(row.Description!));
    }
    for (const [phase, set] of descriptions) expect([...set], phase).toHaveLength(1);
  });

  it('lists every job for an empty pJob_Number, by job, phase, cost type; pSort_By C by cost type, job, phase', async () => {
    const rows = await t.sdx.get('GetPhase', { pJob_Number: '' });
    const jobs = new Set(rows.map((r) => r.Job_Number));
    for (const job of ['STANDARD', '24-001', '24-002']) expect(jobs).toContain(job);
    const fields = ['Job_Number', 'Phase_Code', 'Cost_Type'];
    expect(rows.map((r) => key(r, fields))).toEqual(
      [...rows].sort(compareBy(fields)).map((r) => key(r, fields)),
    );

    const byCost = await t.sdx.get('GetPhase', { pJob_Number: '', pSort_By: 'C' });
    const costFirst = ['Cost_Type', 'Job_Number', 'Phase_Code'];
    expect(byCost.map((r) => key(r, costFirst))).toEqual(
      [...rows].sort(compareBy(costFirst)).map((r) => key(r, costFirst)),
    );
    const error = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD', pSort_By: 'D' });
    expect(error).toHaveLength(1);
    expect(error[0]).toMatchObject({ Phase_Code: '', Error_Code: 'I', Error_Column: 'pSort_By' });
  });

  it('filters on cost type, status and cost center exactly', async () => {
    const all = await t.sdx.get('GetPhase', { pJob_Number: '' });
    const labor = await t.sdx.get('GetPhase', { pJob_Number: '', pCost_Type: 'L' });
    expect(labor).toEqual(all.filter((r) => r.Cost_Type === 'L'));
    const center = all.find((r) => r.Cost_Center !== '')?.Cost_Center;
    if (center !== undefined) {
      expect(await t.sdx.get('GetPhase', { pJob_Number: '', pCost_Center: center })).toEqual(
        all.filter((r) => r.Cost_Center === center),
      );
    }
    expect(all.every((r) => r.Status_Code === 'A' || r.Status_Code === 'I')).toBe(true);
    const complete = await t.sdx.get('GetPhase', { pJob_Number: '', pStatus_Code: 'C' });
    expect(complete.every((r) => r.Status_Code === 'C' || r.Error_Code === 'W')).toBe(true);
    const error = await t.sdx.get('GetPhase', { pJob_Number: '', pStatus_Code: 'X' });
    expect(error).toHaveLength(1);
    expect(error[0]).toMatchObject({ Error_Code: 'I', Error_Column: 'pStatus_Code' });
  });

  it('answers one W "No records found" row for a job without phases', async () => {
    const rows = await t.sdx.get('GetPhase', { pJob_Number: 'NOPE' });
    expect(rows).toHaveLength(1);
    for (const field of RETURN_FIELDS.GetPhase) expect(rows[0]![field], field).toBe('');
    expect(rows[0]).toMatchObject({
      Error_Code: 'W',
      Error_Description: 'No records found',
      Error_Column: '',
    });
  });

  it('answers job-to-date and estimated figures as plain numbers; open jobs carry costs', async () => {
    const rows = await t.sdx.get('GetPhase', { pJob_Number: '24-001' });
    const numeric = RETURN_FIELDS.GetPhase.slice(7, 16);
    for (const row of rows) {
      for (const field of numeric)
        expect(row[field], `${row.Phase_Code} ${field}`).toMatch(/^(-?\d+(\.\d+)?)?$/);
    }
    expect(rows.some((r) => num(r.JTD_Actual_Dollars) > 0)).toBe(true);
    expect(rows.some((r) => num(r.Current_Estimated_Dollars) > 0)).toBe(true);
  });
});

describe('AddPhase (digest §13, brief §3)', () => {
  const t = simulatorPerFile();
  let serial = 0;
  /** A phase code of its own, five digits as the mask ##-### wants, not in the seed. */
  const newCode = () => `8${String(++serial).padStart(4, '0')}`;
  const phase = (values: Values = {}): Values => ({
    Job_Number: '24-002',
    Phase_Code: newCode(),
    Description: 'Test Phase',
    Cost_Type: 'L',
    Price_Method_Code: 'J',
    ...values,
  });
  const read = async (job: string, code: string, cost: string) =>
    (await t.sdx.get('GetPhase', { pJob_Number: job, pStatus_Code: '' })).find(
      (r) => r.Phase_Code === code && r.Cost_Type === cost,
    );
  const stored = (job: string, code: string, cost: string) =>
    t.sim.state().phases.find((p) => p.Job_Number === job && p.Phase_Code === code && p.Cost_Type === cost);

  it('stores the documented request with every element', async () => {
    const request: Values = {
      Company_Code: '001',
      Job_Number: '24-002',
      Phase_Code: newCode(),
      Description: 'Structural Excavation',
      Cost_Type: 'E',
      Original_Est_Quantity: '100',
      Unit_of_Measure: 'CY',
      Original_Est_Cost: '25000',
      Original_Est_Hours: '40',
      Bid_Item_Number: '10',
      Alt_Phase_Code: 'EXC100',
      Work_Comp_Code: '',
      Price_Method_Code: 'J',
      Phase_Cost_Center: '200',
      Current_Est_Hours: '44',
      Current_Est_Quantity: '110',
      Current_Est_Cost: '26000.75',
      Status_Code: '',
    };
    const writes = t.sim.state().writes.AddPhase ?? 0;
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    expect(t.sim.state().writes.AddPhase).toBe(writes + 1);
    const row = await read('24-002', request.Phase_Code!, 'E');
    expect(row).toMatchObject({
      Company_Code: '001',
      Description: 'Structural Excavation',
      Status_Code: 'A', // new phases default to Active
      Unit_of_Measure: 'CY',
      Cost_Center: '200',
    });
    expect(num(row!.Estimated_Quantity)).toBe(110);
    expect(num(row!.Estimated_Hours)).toBe(44);
    expect(num(row!.Current_Estimated_Dollars)).toBe(26000.75);
    const record = stored('24-002', request.Phase_Code!, 'E')!;
    expect(record).toMatchObject({
      Bid_Item_Number: '10',
      Alt_Phase_Code: 'EXC100',
      Price_Method_Code: 'J',
      writeCount: 1,
    });
    expect(num(record.Original_Est_Cost)).toBe(25000);
    expect(num(record.Original_Est_Quantity)).toBe(100);
    expect(num(record.Original_Est_Hours)).toBe(40);
  });

  it('copies each original estimate into a current estimate left blank (digest §13 assumption 6)', async () => {
    const request = phase({
      Original_Est_Quantity: '12.5',
      Original_Est_Cost: '4800',
      Original_Est_Hours: '16',
    });
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    const row = (await read('24-002', request.Phase_Code!, 'L'))!;
    expect([
      num(row.Estimated_Quantity),
      num(row.Estimated_Hours),
      num(row.Current_Estimated_Dollars),
    ]).toEqual([12.5, 16, 4800]);

    // A later original with the current left blank moves the current with it.
    expect(await t.sdx.put('AddPhase', { ...request, Description: '', Original_Est_Cost: '5200' })).toEqual(
      UPDATED,
    );
    expect(num((await read('24-002', request.Phase_Code!, 'L'))!.Current_Estimated_Dollars)).toBe(5200);

    // A current sent alongside wins for that figure only.
    expect(
      await t.sdx.put('AddPhase', {
        ...request,
        Description: '',
        Original_Est_Cost: '5300',
        Current_Est_Cost: '6000',
      }),
    ).toEqual(UPDATED);
    const after = (await read('24-002', request.Phase_Code!, 'L'))!;
    expect(num(after.Current_Estimated_Dollars)).toBe(6000);
    expect(num(stored('24-002', request.Phase_Code!, 'L')!.Original_Est_Cost)).toBe(5300);
  });

  it('sets the current estimate alone, leaving the original as it is', async () => {
    const request = phase({ Original_Est_Cost: '1000' });
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    expect(
      await t.sdx.put('AddPhase', {
        Job_Number: '24-002',
        Phase_Code: request.Phase_Code!,
        Cost_Type: 'L',
        Current_Est_Cost: '1750',
        Current_Est_Hours: '12',
        Current_Est_Quantity: '3',
      }),
    ).toEqual(UPDATED);
    const row = (await read('24-002', request.Phase_Code!, 'L'))!;
    expect([
      num(row.Current_Estimated_Dollars),
      num(row.Estimated_Hours),
      num(row.Estimated_Quantity),
    ]).toEqual([1750, 12, 3]);
    expect(num(stored('24-002', request.Phase_Code!, 'L')!.Original_Est_Cost)).toBe(1000);
  });

  it('leaves every value alone when its element is blank, and counts the write (digest §13 assumption 12)', async () => {
    const request = phase({
      Unit_of_Measure: 'LF',
      Original_Est_Cost: '900',
      Bid_Item_Number: '7',
      Phase_Cost_Center: '100',
    });
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    const before = await read('24-002', request.Phase_Code!, 'L');
    expect(
      await t.sdx.put('AddPhase', { Job_Number: '24-002', Phase_Code: request.Phase_Code!, Cost_Type: 'L' }),
    ).toEqual(UPDATED);
    expect(await read('24-002', request.Phase_Code!, 'L')).toEqual(before);
    expect(stored('24-002', request.Phase_Code!, 'L')).toMatchObject({
      Bid_Item_Number: '7',
      Price_Method_Code: 'J',
      writeCount: 2,
    });
  });

  it('updates a seeded phase: the current estimate follows a new original, job-to-date costs stay', async () => {
    const [seeded] = await t.sdx.get('GetPhase', { pJob_Number: '24-001' });
    const writes = stored('24-001', seeded!.Phase_Code!, seeded!.Cost_Type!)!.writeCount ?? 0;
    expect(
      await t.sdx.put('AddPhase', {
        Job_Number: '24-001',
        Phase_Code: seeded!.Phase_Code!,
        Cost_Type: seeded!.Cost_Type!,
        Original_Est_Cost: '77777.77',
      }),
    ).toEqual(UPDATED);
    const after = (await read('24-001', seeded!.Phase_Code!, seeded!.Cost_Type!))!;
    expect(num(after.Current_Estimated_Dollars)).toBe(77777.77);
    expect(after.JTD_Actual_Dollars).toBe(seeded!.JTD_Actual_Dollars);
    expect(after.Description).toBe(seeded!.Description);
    expect(stored('24-001', seeded!.Phase_Code!, seeded!.Cost_Type!)!.writeCount).toBe(writes + 1);
  });

  it('answers M for Job_Number, Phase_Code and Cost_Type, in order; Company_Code may be blank', async () => {
    expect(codes(await t.sdx.put('AddPhase', { Description: 'X', Price_Method_Code: 'J' }))).toEqual([
      ['M', 'Job_Number'],
      ['M', 'Phase_Code'],
      ['M', 'Cost_Type'],
    ]);
    const request = phase({ Company_Code: '' });
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    expect(stored('24-002', request.Phase_Code!, 'L')).toMatchObject({ Company_Code: '001' });
  });

  it('needs a Description for a new phase and a Price_Method_Code for a new phase × cost type', async () => {
    const writes = t.sim.state().writes.AddPhase ?? 0;
    expect(codes(await t.sdx.put('AddPhase', phase({ Description: '', Price_Method_Code: '' })))).toEqual([
      ['M', 'Description'],
      ['M', 'Price_Method_Code'],
    ]);
    expect(codes(await t.sdx.put('AddPhase', phase({ Description: '' })))).toEqual([['M', 'Description']]);
    const request = phase();
    expect(codes(await t.sdx.put('AddPhase', { ...request, Price_Method_Code: '' }))).toEqual([
      ['M', 'Price_Method_Code'],
    ]);
    expect(t.sim.state().writes.AddPhase).toBe(writes);
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    // Existing combination: neither is needed.
    expect(
      await t.sdx.put('AddPhase', {
        ...request,
        Description: '',
        Price_Method_Code: '',
        Original_Est_Cost: '10',
      }),
    ).toEqual(UPDATED);
    // A new cost type of an existing phase keeps the phase's description, still needs its price method.
    expect(
      codes(
        await t.sdx.put('AddPhase', { ...request, Cost_Type: 'M', Description: '', Price_Method_Code: '' }),
      ),
    ).toEqual([['M', 'Price_Method_Code']]);
    expect(await t.sdx.put('AddPhase', { ...request, Cost_Type: 'M', Description: '' })).toEqual(ADDED);
  });

  it('takes Price_Method_Code F, T, C, U or J (job default) and nothing else', async () => {
    for (const method of ['F', 'T', 'C', 'U', 'J']) {
      expect(await t.sdx.put('AddPhase', phase({ Price_Method_Code: method })), method).toEqual(ADDED);
    }
    expect(codes(await t.sdx.put('AddPhase', phase({ Price_Method_Code: 'X' })))).toEqual([
      ['I', 'Price_Method_Code'],
    ]);
  });

  it('refuses a phase code with dashes or outside the ##-### mask', async () => {
    for (const code of ['80-999', '8099', '809999', '8099A']) {
      expect(codes(await t.sdx.put('AddPhase', phase({ Phase_Code: code }))), code).toEqual([
        ['I', 'Phase_Code'],
      ]);
    }
    const dashed = await t.sdx.put('AddPhase', phase({ Phase_Code: '80-999' }));
    expect(dashed[0]!.desc).not.toBe('');
    expect(codes(await t.sdx.put('AddPhase', phase({ Alt_Phase_Code: 'EXC-100' })))).toEqual([
      ['I', 'Alt_Phase_Code'],
    ]);
  });

  it('checks cost type, unit of measure, cost center, status and numbers against their rules', async () => {
    expect(codes(await t.sdx.put('AddPhase', phase({ Cost_Type: 'Z' })))).toEqual([['I', 'Cost_Type']]);
    expect(codes(await t.sdx.put('AddPhase', phase({ Unit_of_Measure: 'XX' })))).toEqual([
      ['I', 'Unit_of_Measure'],
    ]);
    expect(codes(await t.sdx.put('AddPhase', phase({ Phase_Cost_Center: '999' })))).toEqual([
      ['I', 'Phase_Cost_Center'],
    ]);
    expect(codes(await t.sdx.put('AddPhase', phase({ Status_Code: 'X' })))).toEqual([['I', 'Status_Code']]);
    expect(codes(await t.sdx.put('AddPhase', phase({ Original_Est_Cost: '1,000' })))).toEqual([
      ['I', 'Original_Est_Cost'],
    ]);
    expect(codes(await t.sdx.put('AddPhase', phase({ Original_Est_Cost: '1234567890123' })))).toEqual([
      ['I', 'Original_Est_Cost'],
    ]);
    for (const uom of ['EA', 'LS', 'HR', 'CY', 'SF', 'LF', 'TON']) {
      expect(await t.sdx.put('AddPhase', phase({ Unit_of_Measure: uom })), uom).toEqual(ADDED);
    }
  });

  it('refuses a Complete or unknown job: I, column Job_Number, nothing stored', async () => {
    const writes = t.sim.state().writes.AddPhase ?? 0;
    for (const job of ['22-017', 'NOPE']) {
      expect(codes(await t.sdx.put('AddPhase', phase({ Job_Number: job }))), job).toEqual([
        ['I', 'Job_Number'],
      ]);
    }
    expect(t.sim.state().writes.AddPhase).toBe(writes);
    // An Inactive job takes phases.
    expect(await t.sdx.put('AddPhase', phase({ Job_Number: '23-040' }))).toEqual(ADDED);
  });

  it('shares one description across the cost types of a phase: first kept, a changed one renames all', async () => {
    const code = newCode();
    const base = { Job_Number: '24-003', Phase_Code: code, Price_Method_Code: 'J' };
    const descriptions = async () =>
      (await t.sdx.get('GetPhase', { pJob_Number: '24-003' }))
        .filter((r) => r.Phase_Code === code)
        .map((r) => [r.Cost_Type, r.Description]);

    expect(await t.sdx.put('AddPhase', { ...base, Cost_Type: 'M', Description: 'Misc Metals' })).toEqual(
      ADDED,
    );
    // A new cost type sent with another description: the phase's first description is kept.
    expect(await t.sdx.put('AddPhase', { ...base, Cost_Type: 'S', Description: 'Something Else' })).toEqual(
      ADDED,
    );
    expect(await t.sdx.put('AddPhase', { ...base, Cost_Type: 'L', Description: '' })).toEqual(ADDED);
    expect(await descriptions()).toEqual([
      ['L', 'Misc Metals'],
      ['M', 'Misc Metals'],
      ['S', 'Misc Metals'],
    ]);
    // An existing combination with a different description renames every cost type of the phase.
    expect(
      await t.sdx.put('AddPhase', { ...base, Cost_Type: 'M', Description: 'Metal Fabrications' }),
    ).toEqual(UPDATED);
    expect(await descriptions()).toEqual([
      ['L', 'Metal Fabrications'],
      ['M', 'Metal Fabrications'],
      ['S', 'Metal Fabrications'],
    ]);
    // An existing combination with an empty description leaves it.
    expect(await t.sdx.put('AddPhase', { ...base, Cost_Type: 'S', Description: '' })).toEqual(UPDATED);
    expect((await descriptions()).map(([, d]) => d)).toEqual([
      'Metal Fabrications',
      'Metal Fabrications',
      'Metal Fabrications',
    ]);
    // Another phase of the same job is not touched.
    const other = await t.sdx.get('GetPhase', { pJob_Number: '24-003' });
    expect(
      other.filter((r) => r.Phase_Code !== code).every((r) => r.Description !== 'Metal Fabrications'),
    ).toBe(true);
  });

  it('keeps a Complete phase out of the default GetPhase and lists it for pStatus_Code C', async () => {
    const request = phase({ Status_Code: 'C' });
    expect(await t.sdx.put('AddPhase', request)).toEqual(ADDED);
    const open = await t.sdx.get('GetPhase', { pJob_Number: '24-002' });
    expect(open.some((r) => r.Phase_Code === request.Phase_Code)).toBe(false);
    const complete = await t.sdx.get('GetPhase', { pJob_Number: '24-002', pStatus_Code: 'C' });
    expect(complete.find((r) => r.Phase_Code === request.Phase_Code)).toMatchObject({ Status_Code: 'C' });
  });
});

describe('AddPhase with "Current Estimate display only?" selected (digest §13 assumption 7)', () => {
  it('ignores the Current_Est_* elements', async () => {
    const sim = await startSimulator({ currentEstimateDisplayOnly: true });
    try {
      const request = {
        Job_Number: '24-002',
        Phase_Code: '80900',
        Cost_Type: 'L',
        Description: 'Display Only',
        Price_Method_Code: 'J',
      };
      expect(await sim.sdx.put('AddPhase', { ...request, Original_Est_Cost: '500' })).toEqual(ADDED);
      const before = (await sim.sdx.get('GetPhase', { pJob_Number: '24-002' })).find(
        (r) => r.Phase_Code === '80900',
      )!;
      expect(
        await sim.sdx.put('AddPhase', {
          Job_Number: '24-002',
          Phase_Code: '80900',
          Cost_Type: 'L',
          Current_Est_Cost: '999',
          Current_Est_Hours: '9',
          Current_Est_Quantity: '9',
        }),
      ).toEqual(UPDATED);
      const after = (await sim.sdx.get('GetPhase', { pJob_Number: '24-002' })).find(
        (r) => r.Phase_Code === '80900',
      )!;
      expect(after).toEqual(before);
      expect(num(after.Current_Estimated_Dollars)).not.toBe(999);
    } finally {
      await sim.close();
    }
  });
});
