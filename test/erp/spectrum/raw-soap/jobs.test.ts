import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADDED,
  Clock,
  codes,
  ERROR_FIELDS,
  type GetService,
  mmddccyy,
  num,
  RETURN_FIELDS,
  type Row,
  sameDate,
  simulatorPerFile,
  type Values,
} from './raw-sdx.ts';

/*
 * Jobs: GetJob (digest §6), GetJobMain (§7), GetJobDates and GetJobUDF (additions §2–§3), AddJob (§12);
 * brief §3 for the choices the docs leave open, additions §5 for SuperSelect.
 */

const JOB_GETS: GetService[] = ['GetJob', 'GetJobMain', 'GetJobDates', 'GetJobUDF'];
const OPEN_JOBS = ['23-040', '24-001', '24-002', '24-003', 'STANDARD', 'TEMPLATE1'];
const numbers = (rows: Row[]) => rows.map((row) => row.Job_Number);
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function expectNoRecords(service: GetService, rows: Row[]): void {
  expect(rows).toHaveLength(1);
  for (const field of RETURN_FIELDS[service]) expect(rows[0]![field], field).toBe('');
  expect(rows[0]).toMatchObject({ Error_Code: 'W', Error_Description: 'No records found', Error_Column: '' });
}

function expectParameterError(service: GetService, rows: Row[], code: string, column: string): void {
  expect(rows).toHaveLength(1);
  for (const field of RETURN_FIELDS[service]) expect(rows[0]![field], field).toBe('');
  expect(rows[0]).toMatchObject({ Error_Code: code, Error_Column: column });
}

describe('GetJob, GetJobMain, GetJobDates, GetJobUDF on the demo seed', () => {
  const t = simulatorPerFile();

  it.each(JOB_GETS)(
    '%s lists the Active and Inactive jobs, by job number, for the documented request',
    async (service) => {
      const rows = await t.sdx.get(service);
      expect(numbers(rows)).toEqual(OPEN_JOBS);
    },
  );

  it.each(JOB_GETS)(
    '%s answers exactly the documented fields in order, then Error_*, empty on data rows',
    async (service) => {
      for (const row of await t.sdx.get(service, { pStatus_Code: 'C' })) {
        expect(Object.keys(row)).toEqual([...RETURN_FIELDS[service], ...ERROR_FIELDS]);
      }
      for (const row of await t.sdx.get(service)) {
        expect(Object.keys(row)).toEqual([...RETURN_FIELDS[service], ...ERROR_FIELDS]);
        expect(row).toMatchObject({
          Company_Code: '001',
          Error_Code: '',
          Error_Description: '',
          Error_Column: '',
        });
      }
    },
  );

  it.each(JOB_GETS)(
    '%s filters one status, or answers I for a status that is not A, I or C',
    async (service) => {
      expect(numbers(await t.sdx.get(service, { pStatus_Code: 'C' }))).toEqual(['22-017']);
      expect(numbers(await t.sdx.get(service, { pStatus_Code: 'A' }))).toEqual([
        '24-001',
        '24-002',
        '24-003',
      ]);
      expect(numbers(await t.sdx.get(service, { pStatus_Code: 'I' }))).toEqual([
        '23-040',
        'STANDARD',
        'TEMPLATE1',
      ]);
      expectParameterError(service, await t.sdx.get(service, { pStatus_Code: 'Z' }), 'I', 'pStatus_Code');
    },
  );

  it.each(JOB_GETS)('%s answers one W "No records found" row when nothing matches', async (service) => {
    expectNoRecords(service, await t.sdx.get(service, { pCustomer_Code: 'NOBODY' }));
    expectNoRecords(service, await t.sdx.get(service, { pDivision: '99999' }));
  });

  it('GetJob shows the template job as seeded (brief §6)', async () => {
    const row = (await t.sdx.get('GetJob')).find((r) => r.Job_Number === 'TEMPLATE1')!;
    expect(row).toMatchObject({
      Company_Code: '001',
      Division: '10',
      Customer_Code: 'GENCUST',
      Status_Code: 'I',
      Cost_Center: '100',
    });
    expect(row.Address_1).not.toBe('');
    expect(row.Contract_Number!.length).toBeLessThanOrEqual(15);
  });

  it('GetJobMain gives the template job its price method, customer name and phones (digest §7)', async () => {
    const row = (await t.sdx.get('GetJobMain')).find((r) => r.Job_Number === 'TEMPLATE1')!;
    expect(row).toMatchObject({
      Division: '10',
      Customer_Code: 'GENCUST',
      Price_Method_Code: 'C',
      Status_Code: 'I',
      Cost_Center: '100',
    });
    const customers = await t.sdx.get('GetCustomers', { pStatus: 'ALL' });
    expect(row.Customer_Name).toBe(customers.find((c) => c.Customer_Code === 'GENCUST')!.Name);
    expect(row.Phone).toMatch(/^\d+$/); // stored without dashes (digest §4)
    for (const field of ['Phone', 'Fax_Phone', 'Job_Site_Phone'])
      expect(row[field], field).not.toContain('-');
    for (const field of ['Field_1', 'Field_2', 'Field_3', 'Field_4', 'Field_5'])
      expect(row[field], field).toBe('');
  });

  it('GetJobMain answers numbers as plain decimals: no $, no commas (digest §4)', async () => {
    for (const row of await t.sdx.get('GetJobMain', { pStatus_Code: '' })) {
      for (const field of ['Original_Contract', 'Total_Units', 'Latitude', 'Longitude']) {
        expect(row[field], `${row.Job_Number} ${field}`).toMatch(/^(-?\d+(\.\d+)?)?$/);
      }
      expect(['F', 'T', 'C', 'U']).toContain(row.Price_Method_Code);
    }
  });

  it('GetJobUDF answers empty UDFs: the demo Authorization IDs map none (brief §1)', async () => {
    for (const row of await t.sdx.get('GetJobUDF')) {
      for (let i = 1; i <= 20; i++) expect(row[`UDF${i}`]).toBe('');
    }
  });

  it('GetJobDates answers dates as MM/DD/CCYY or empty', async () => {
    for (const row of await t.sdx.get('GetJobDates')) {
      for (const field of [
        'Est_Start_Date',
        'Est_Complete_Date',
        'Projected_Complete_Date',
        'Create_Date',
        'Start_Date',
        'Complete_Date',
      ]) {
        expect(row[field], `${row.Job_Number} ${field}`).toMatch(/^(\d\d[/-]\d\d[/-]\d{4})?$/);
      }
    }
  });

  it.each(JOB_GETS)(
    '%s filters on division, customer and cost center exactly (brief §3)',
    async (service) => {
      const all = await t.sdx.get('GetJob', { pStatus_Code: '' });
      const pairs: [string, string][] = [
        ['pDivision', 'Division'],
        ['pCustomer_Code', 'Customer_Code'],
        ['pCost_Center', 'Cost_Center'],
        ['pProject_Manager', 'Project_Manager'],
        ['pSuperintendent', 'Superintendent'],
        ['pEstimator', 'Estimator'],
      ];
      let tried = 0;
      for (const [parameter, field] of pairs) {
        const value = all.find((row) => row[field] !== '')?.[field];
        if (value === undefined) continue;
        tried++;
        const expected = all.filter((row) => row[field] === value).map((row) => row.Job_Number);
        expect(numbers(await t.sdx.get(service, { [parameter]: value })), `${parameter}=${value}`).toEqual(
          expected,
        );
      }
      expect(tried).toBeGreaterThanOrEqual(3); // division, customer and cost center at least
    },
  );

  it.each(['GetJob', 'GetJobMain', 'GetJobDates'] as GetService[])(
    '%s sorts by pSort_By, stably, or answers I',
    async (service) => {
      const all = await t.sdx.get('GetJob');
      for (const [sort, field] of [
        ['D', 'Division'],
        ['C', 'Customer_Code'],
      ] as const) {
        const expected = [...all]
          .sort((a, b) => byCodePoint(a[field]!, b[field]!))
          .map((row) => row.Job_Number);
        expect(numbers(await t.sdx.get(service, { pSort_By: sort })), sort).toEqual(expected);
      }
      for (const sort of ['P', 'S', 'E']) {
        const rows = await t.sdx.get(service, { pSort_By: sort });
        expect([...numbers(rows)].sort(), sort).toEqual(OPEN_JOBS);
      }
      expectParameterError(service, await t.sdx.get(service, { pSort_By: 'X' }), 'I', 'pSort_By');
    },
  );

  it('GetJob and GetJobMain list the same jobs for the same filters', async () => {
    for (const values of [
      {},
      { pStatus_Code: 'C' },
      { pStatus_Code: 'A' },
      { pDivision: '10' },
    ] as Values[]) {
      expect(numbers(await t.sdx.get('GetJobMain', values)), JSON.stringify(values)).toEqual(
        numbers(await t.sdx.get('GetJob', values)),
      );
    }
  });
});

describe('SuperSelect in Get parameters (additions §5; brief §3)', () => {
  const t = simulatorPerFile();
  let all: Row[];
  beforeAll(async () => {
    all = await t.sdx.get('GetJob');
  });
  const having = (field: string, test: (value: string) => boolean) =>
    all.filter((row) => test(row[field]!)).map((row) => row.Job_Number);

  it('takes a list of customer codes, no spaces', async () => {
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: 'GENCUST,RIVHEALTH' }))).toEqual(
      having('Customer_Code', (c) => c === 'GENCUST' || c === 'RIVHEALTH'),
    );
  });

  it('takes a wildcard and a single-character match', async () => {
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: 'G*' }))).toEqual(
      having('Customer_Code', (c) => c.startsWith('G')),
    );
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: '*CUST' }))).toEqual(
      having('Customer_Code', (c) => c.endsWith('CUST')),
    );
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: 'GENCUS?' }))).toEqual(
      having('Customer_Code', (c) => c === 'GENCUST'),
    );
  });

  it('takes a range', async () => {
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: 'A/H' }))).toEqual(
      having('Customer_Code', (c) => c !== '' && c >= 'A' && c <= 'H'),
    );
  });

  it('takes an exclusion and ALL', async () => {
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: '#GENCUST' }))).toEqual(
      having('Customer_Code', (c) => c !== 'GENCUST'),
    );
    expect(numbers(await t.sdx.get('GetJob', { pCustomer_Code: 'ALL' }))).toEqual(OPEN_JOBS);
  });

  it('applies to GetPhase job numbers and cost types, but pStatus_Code stays a single status', async () => {
    const phases = await t.sdx.get('GetPhase', { pJob_Number: '24-*' });
    expect(new Set(phases.map((row) => row.Job_Number))).toEqual(new Set(['24-001', '24-002', '24-003']));
    const lm = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD', pCost_Type: 'L,M' });
    expect(new Set(lm.map((row) => row.Cost_Type))).toEqual(new Set(['L', 'M']));
    const rows = await t.sdx.get('GetJob', { pStatus_Code: 'A,I' });
    expect(rows[0]!.Error_Code).toBe('I');
  });
});

describe('AddJob (digest §12; brief §3: add-only)', () => {
  const clock = new Clock();
  const t = simulatorPerFile({ now: clock.now });
  let serial = 0;
  const job = (values: Values = {}): Values => ({
    Job_Number: `J-${++serial}`,
    Taxable_Flag: 'N',
    Price_Method_Code: 'F',
    ...values,
  });
  const stored = (number: string | undefined) => t.sim.state().jobs.find((j) => j.Job_Number === number);

  /** Every documented element with a valid value (UDFs empty: none is mapped). */
  const full: Values = {
    Company_Code: '001',
    Job_Number: 'J-FULL',
    Job_Description: 'Riverside Clinic Annex',
    Division: '20',
    Address_1: '100 Capitol Mall',
    Address_2: 'Suite 400',
    City: 'Sacramento',
    State: 'CA',
    Zip_Code: '95814-1234',
    Phone: '9165550100',
    Fax_Phone: '9165550101',
    Job_Site_Phone: '9165550102',
    Superintendent: 'JSMITH',
    Estimator: 'AJONES',
    Project_Manager: 'BLEE',
    Customer_Code: 'GENCUST',
    Contract_Number: 'C-2026-001',
    Job_Type: 'LUMP SUM',
    Tax_Class_Code: '',
    Taxable_Flag: 'Y',
    Total_Units: '1200',
    Unit_of_Measure: 'SF',
    Certified_Flag: 'N',
    Work_Comp_Code: '',
    Wage_Rate_Level: '3',
    Price_Method_Code: 'C',
    Est_Start_Date: '06/01/2026',
    Est_Complete_Date: '12/15/2026',
    Start_Date: '06/03/2026',
    Complete_Date: '',
    Work_State_Tax_Code: 'CA',
    Work_County_Tax_Code: 'SAC',
    Work_Local_Tax_Cod: 'SACTO',
    Original_Contract: '1250000.50',
    WO_Site: '',
    Latitude: '38.581572',
    Longitude: '-121.4944',
    Track_Davis_Bacon: 'N',
    Track_Prevailing_Wage: 'Y',
    Create_Date: '05/20/2026',
    Cost_Center: '200',
    Master_Job: '',
    Bill_From_Master: '',
    Standard_Phase_Category: '',
    Phase_Display_Code: '',
    Major_Group_Start: '',
    Major_Group_End: '',
    Minor_Group_Start: '',
    Minor_Group_End: '',
    Status_Code: 'A',
  };

  it('stores the documented request with every element, counts one write, and reads it back through the Gets', async () => {
    const writes = t.sim.state().writes.AddJob ?? 0;
    expect(await t.sdx.put('AddJob', full)).toEqual(ADDED);
    expect(t.sim.state().writes.AddJob).toBe(writes + 1);
    const record = stored('J-FULL')!;
    expect(record.writeCount).toBe(1);
    const numeric = [
      'Division',
      'Total_Units',
      'Wage_Rate_Level',
      'Original_Contract',
      'Latitude',
      'Longitude',
    ];
    const textual = Object.entries(full).filter(
      ([name, value]) =>
        value !== '' && !numeric.includes(name) && !name.endsWith('_Date') && name !== 'Work_Local_Tax_Cod',
    );
    expect(record).toMatchObject(Object.fromEntries(textual));
    expect(record.Work_Local_Tax_Cod ?? record.Work_Local_Tax_Code).toBe('SACTO');
    for (const name of numeric) expect(num(record[name]), name).toBe(num(full[name]));
    expect(sameDate(record.Est_Start_Date, '06/01/2026')).toBe(true);
    expect(num(record.Original_Contract)).toBe(1250000.5);

    const job = (await t.sdx.get('GetJob')).find((r) => r.Job_Number === 'J-FULL')!;
    expect(job).toMatchObject({
      Job_Description: 'Riverside Clinic Annex',
      Division: '20',
      Address_1: '100 Capitol Mall',
      Address_2: 'Suite 400',
      City: 'Sacramento',
      State: 'CA',
      Zip_Code: '95814-1234',
      Project_Manager: 'BLEE',
      Superintendent: 'JSMITH',
      Estimator: 'AJONES',
      Certified_Flag: 'N',
      Customer_Code: 'GENCUST',
      Status_Code: 'A',
      Work_State_Tax_Code: 'CA',
      Contract_Number: 'C-2026-001',
      Cost_Center: '200',
    });
    const main = (await t.sdx.get('GetJobMain')).find((r) => r.Job_Number === 'J-FULL')!;
    expect(main).toMatchObject({
      Phone: '9165550100',
      Fax_Phone: '9165550101',
      Job_Site_Phone: '9165550102',
      Customer_Code: 'GENCUST',
      Contract_Number: 'C-2026-001',
      Price_Method_Code: 'C',
      Unit_of_Measure: 'SF',
      Status_Code: 'A',
      Cost_Center: '200',
    });
    expect(num(main.Original_Contract)).toBe(1250000.5);
    expect(num(main.Total_Units)).toBe(1200);
    expect(num(main.Latitude)).toBe(38.581572);
    expect(num(main.Longitude)).toBe(-121.4944);
    const dates = (await t.sdx.get('GetJobDates')).find((r) => r.Job_Number === 'J-FULL')!;
    expect(sameDate(dates.Est_Start_Date, '06/01/2026')).toBe(true);
    expect(sameDate(dates.Est_Complete_Date, '12/15/2026')).toBe(true);
    expect(sameDate(dates.Start_Date, '06/03/2026')).toBe(true);
    expect(sameDate(dates.Create_Date, '05/20/2026')).toBe(true);
    expect(dates.Complete_Date).toBe('');
    expect(dates.Job_Description).toBe('Riverside Clinic Annex');
    const udf = (await t.sdx.get('GetJobUDF')).find((r) => r.Job_Number === 'J-FULL')!;
    expect(udf).toMatchObject({ Company_Code: '001', UDF1: '' });
  });

  it('stores the minimal request: Active, company from the Authorization ID, created today, no description needed', async () => {
    const request = job({ Company_Code: '' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    const record = stored(request.Job_Number)!;
    expect(record).toMatchObject({
      Company_Code: '001',
      Status_Code: 'A',
      Taxable_Flag: 'N',
      Price_Method_Code: 'F',
    });
    expect(sameDate(record.Create_Date, mmddccyy(clock.ms))).toBe(true);
    const dates = (await t.sdx.get('GetJobDates')).find((r) => r.Job_Number === request.Job_Number)!;
    expect(sameDate(dates.Create_Date, mmddccyy(clock.ms))).toBe(true);
  });

  it('answers M for each missing required element, in parameter order, and stores nothing', async () => {
    const writes = t.sim.state().writes.AddJob ?? 0;
    expect(await t.sdx.put('AddJob', { Job_Description: 'No key' })).toEqual([
      expect.objectContaining({ error_code: 'M', column: 'Job_Number' }),
      expect.objectContaining({ error_code: 'M', column: 'Taxable_Flag' }),
      expect.objectContaining({ error_code: 'M', column: 'Price_Method_Code' }),
    ]);
    expect(codes(await t.sdx.put('AddJob', job({ Taxable_Flag: '' })))).toEqual([['M', 'Taxable_Flag']]);
    expect(codes(await t.sdx.put('AddJob', job({ Price_Method_Code: '' })))).toEqual([
      ['M', 'Price_Method_Code'],
    ]);
    expect(t.sim.state().writes.AddJob).toBe(writes);
  });

  it('takes only the documented values: Taxable_Flag Y/N, Price_Method_Code F/T/C/U, Status_Code A/I/C', async () => {
    expect(
      codes(await t.sdx.put('AddJob', job({ Taxable_Flag: 'X', Price_Method_Code: 'J', Status_Code: 'Q' }))),
    ).toEqual([
      ['I', 'Taxable_Flag'],
      ['I', 'Price_Method_Code'],
      ['I', 'Status_Code'],
    ]);
    for (const method of ['F', 'T', 'C', 'U']) {
      expect(await t.sdx.put('AddJob', job({ Price_Method_Code: method })), method).toEqual(ADDED);
    }
    expect(codes(await t.sdx.put('AddJob', job({ Wage_Rate_Level: '0' })))).toEqual([
      ['I', 'Wage_Rate_Level'],
    ]);
    expect(codes(await t.sdx.put('AddJob', job({ Track_Prevailing_Wage: 'X' })))).toEqual([
      ['I', 'Track_Prevailing_Wage'],
    ]);
    expect(codes(await t.sdx.put('AddJob', job({ Unit_of_Measure: 'XYZ' })))).toEqual([
      ['I', 'Unit_of_Measure'],
    ]);
  });

  it('is add-only: an existing Job_Number is refused, "Job_Number already exists", and left untouched', async () => {
    const before = stored('24-001');
    const writes = t.sim.state().writes.AddJob ?? 0;
    expect(await t.sdx.put('AddJob', job({ Job_Number: '24-001', Job_Description: 'Overwritten?' }))).toEqual(
      [{ error_code: 'I', desc: 'Job_Number already exists', column: 'Job_Number' }],
    );
    expect(stored('24-001')).toEqual(before);
    const mine = job();
    expect(await t.sdx.put('AddJob', mine)).toEqual(ADDED);
    expect(await t.sdx.put('AddJob', { ...mine, City: 'Davis' })).toEqual([
      { error_code: 'I', desc: 'Job_Number already exists', column: 'Job_Number' },
    ]);
    expect(stored(mine.Job_Number)).toMatchObject({ City: '', writeCount: 1 });
    expect(t.sim.state().writes.AddJob).toBe(writes + 1);
  });

  it('checks the customer and the cost center against their files', async () => {
    expect(codes(await t.sdx.put('AddJob', job({ Customer_Code: 'NOBODY' })))).toEqual([
      ['I', 'Customer_Code'],
    ]);
    expect(codes(await t.sdx.put('AddJob', job({ Cost_Center: '999' })))).toEqual([['I', 'Cost_Center']]);
    expect(await t.sdx.put('AddJob', job({ Customer_Code: 'RIVHEALTH', Cost_Center: '100' }))).toEqual(ADDED);
  });

  it('takes a master job that exists and is not Complete (digest §12 assumption 9)', async () => {
    expect(codes(await t.sdx.put('AddJob', job({ Master_Job: 'NOPE' })))).toEqual([['I', 'Master_Job']]);
    expect(codes(await t.sdx.put('AddJob', job({ Master_Job: '22-017' })))).toEqual([['I', 'Master_Job']]);
    const sub = job({ Master_Job: '24-001' });
    expect(await t.sdx.put('AddJob', sub)).toEqual(ADDED);
    expect(stored(sub.Job_Number)).toMatchObject({ Master_Job: '24-001' });
  });

  it('refuses work tax codes that repeat (digest §12 assumption 5)', async () => {
    const records = await t.sdx.put('AddJob', job({ Work_State_Tax_Code: 'CA', Work_County_Tax_Code: 'CA' }));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ error_code: 'I' });
    expect(records[0]!.column).toMatch(/^Work_(State|County|Local)_Tax_Cod/);
  });

  it('refuses Davis-Bacon together with prevailing wage Y or F (digest §12 assumption 10)', async () => {
    for (const wage of ['Y', 'F']) {
      const records = await t.sdx.put('AddJob', job({ Track_Davis_Bacon: 'Y', Track_Prevailing_Wage: wage }));
      expect(records, wage).toHaveLength(1);
      expect(records[0]!.error_code, wage).toBe('I');
      expect(['Track_Davis_Bacon', 'Track_Prevailing_Wage']).toContain(records[0]!.column);
    }
    expect(await t.sdx.put('AddJob', job({ Track_Davis_Bacon: 'Y', Track_Prevailing_Wage: 'N' }))).toEqual(
      ADDED,
    );
    expect(await t.sdx.put('AddJob', job({ Track_Davis_Bacon: 'N', Track_Prevailing_Wage: 'F' }))).toEqual(
      ADDED,
    );
  });

  it('refuses complete dates before their start dates (digest §12 assumption 11)', async () => {
    expect(
      codes(
        await t.sdx.put('AddJob', job({ Est_Start_Date: '06/10/2026', Est_Complete_Date: '06/09/2026' })),
      ),
    ).toEqual([['I', 'Est_Complete_Date']]);
    expect(
      codes(await t.sdx.put('AddJob', job({ Start_Date: '06/10/2026', Complete_Date: '06/09/2026' }))),
    ).toEqual([['I', 'Complete_Date']]);
    expect(
      await t.sdx.put('AddJob', job({ Est_Start_Date: '06/10/2026', Est_Complete_Date: '06/10/2026' })),
    ).toEqual(ADDED);
  });

  it('stores a Complete job and lists it only for status C', async () => {
    const request = job({ Status_Code: 'C' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    expect(numbers(await t.sdx.get('GetJob', { pStatus_Code: 'C' }))).toContain(request.Job_Number);
    expect(numbers(await t.sdx.get('GetJob'))).not.toContain(request.Job_Number);
  });

  it('stores the Taxable_Flag, though no documented Get returns it (digest §7)', async () => {
    const request = job({ Taxable_Flag: 'Y' });
    expect(await t.sdx.put('AddJob', request)).toEqual(ADDED);
    expect(stored(request.Job_Number)).toMatchObject({ Taxable_Flag: 'Y' });
    const row = (await t.sdx.get('GetJobMain')).find((r) => r.Job_Number === request.Job_Number)!;
    expect(Object.keys(row)).not.toContain('Taxable_Flag');
  });
});
