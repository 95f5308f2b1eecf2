import { describe, expect, it } from 'vitest';
import { read, useSimulator, write } from './sim-client.ts';

const job = 'JCM_MASTER__JOB';
const costCode = 'JCM_MASTER__COST_CODE';
const category = 'JCM_MASTER__CATEGORY';
const vendor = 'APM_MASTER__VENDOR';

describe('Sage 300 simulator job writes', () => {
  const world = useSimulator({ seed: 'demo' });

  it('punctuates a job sent without punctuation and defaults its status', async () => {
    const answer = await write(world.sim, job, 'CreateOnly', {
      Job: '245001',
      Description: 'Mill Street Lofts',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      stored: expect.objectContaining({
        Job: '24-5001',
        Description: 'Mill Street Lofts',
        Status: 'In progress',
      }),
      created: true,
      warnings: [],
    });
    expect(world.sim.state().tables[job]).toContainEqual(expect.objectContaining({ Job: '24-5001' }));
  });

  it.each([
    ['24-10', 'Job 24-10 does not match the job format ##-####'],
    ['2410', 'Job 2410 does not match the job format ##-####'],
    ['2410019', 'Job 2410019 does not match the job format ##-####'],
    ['241-001', 'Job 241-001 does not match the job format ##-####'],
    ['24/1001', 'Job 24/1001 does not match the job format ##-####'],
  ])('refuses job %s as not matching the format', async (Job, message) => {
    const answer = await write(world.sim, job, 'CreateOnly', { Job, Description: 'x' });
    expect(answer).toEqual({ status: 422, body: { errors: [{ column: 'Job', message }] } });
  });

  it('answers 409 with the stored job when the job exists, punctuated or not', async () => {
    for (const Job of ['24-1001', '241001']) {
      const answer = await write(world.sim, job, 'CreateOnly', { Job, Description: 'Another' });
      expect(answer.status).toBe(409);
      expect(answer.body.errors).toEqual([{ column: 'Job', message: 'Job 24-1001 already exists' }]);
      expect(answer.body.stored).toMatchObject({ Job: '24-1001', Description: 'Riverside Clinic' });
    }
  });

  it('refuses over-long columns, a missing description, an unknown status and unknown columns', async () => {
    const answer = await write(world.sim, job, 'CreateOnly', {
      Job: '24-5002',
      Description: 'D'.repeat(31),
      Address_1: 'A'.repeat(31),
      City: 'Rancho Santa Margarita',
      State: 'Calif',
      ZIP_Code: '95814-00001',
      Status: 'Done',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      { column: 'Description', message: 'Description exceeds 30 characters' },
      { column: 'Address_1', message: 'Address_1 exceeds 30 characters' },
      { column: 'City', message: 'City exceeds 15 characters' },
      { column: 'State', message: 'State exceeds 4 characters' },
      { column: 'ZIP_Code', message: 'ZIP_Code exceeds 10 characters' },
      { column: 'Status', message: 'Status Done is not one of Unstarted, In progress, Closed, Overhead' },
    ]);
    const missing = await write(world.sim, job, 'CreateOnly', { Job: '24-5002' });
    expect(missing.body.errors).toEqual([{ column: 'Description', message: 'Description is required' }]);
    const unknown = await write(world.sim, job, 'CreateOnly', {
      Job: '24-5002',
      Description: 'x',
      Colour: 'red',
    });
    expect(unknown.body.errors).toEqual([
      { column: 'Colour', message: 'Column Colour is not in table JCM_MASTER__JOB' },
    ]);
  });

  it('refuses values of the wrong JSON type, and a body that is not JSON with 400', async () => {
    const answer = await write(world.sim, job, 'CreateOnly', { Job: 245002, Description: 'x' });
    expect(answer.body.errors).toEqual([
      { column: 'Job', message: 'Job must be text' },
      { column: 'Job', message: 'Job is required' },
    ]);
    const category = await write(world.sim, 'JCM_MASTER__CATEGORY', 'CreateOrModify', {
      Job: '24-1001',
      Cost_Code: '03-300',
      Category: 'M',
      Original_Estimate: '12000',
    });
    expect(category.body.errors).toEqual([
      { column: 'Original_Estimate', message: 'Original_Estimate must be a number' },
    ]);
    const notJson = await fetch(`${world.sim.url}/write`, { method: 'POST', body: '{"table":' });
    expect(notJson.status).toBe(400);
  });

  it('creates an extra of an existing job only', async () => {
    const created = await write(world.sim, 'JCM_MASTER__EXTRA', 'CreateOnly', {
      Job: '241002',
      Extra: '01',
      Description: 'Tenant improvements',
    });
    expect(created.body.stored).toMatchObject({ Job: '24-1002', Extra: '01' });
    const again = await write(world.sim, 'JCM_MASTER__EXTRA', 'CreateOnly', { Job: '24-1002', Extra: '01' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([
      { column: 'Extra', message: 'Extra 01 of job 24-1002 already exists' },
    ]);
    const noExtra = await write(world.sim, 'JCM_MASTER__EXTRA', 'CreateOnly', { Job: '24-1002' });
    expect(noExtra.body.errors).toEqual([{ column: 'Extra', message: 'Extra is required' }]);
    const missingJob = await write(world.sim, 'JCM_MASTER__EXTRA', 'CreateOnly', {
      Job: '24-9999',
      Extra: '01',
    });
    expect(missingJob.body.errors).toEqual([{ column: 'Job', message: 'Job 24-9999 does not exist' }]);
    const long = await write(world.sim, 'JCM_MASTER__EXTRA', 'CreateOnly', {
      Job: '24-1002',
      Extra: 'E'.repeat(11),
    });
    expect(long.body.errors).toEqual([{ column: 'Extra', message: 'Extra exceeds 10 characters' }]);
  });

  it.each([
    ['CreateOrModify', job],
    ['ModifyOnly', job],
    ['CreateOnly', 'TS_CTL_RECORD_3'],
    ['CreateOrModify', 'JCT_CURRENT__TRANSACTION'],
    ['CreateOnly', 'JCM_MASTER__STANDARD_COST_CODE'],
  ])('refuses %s on %s, naming the action', async (action, table) => {
    const answer = await write(world.sim, table, action, { Job: '24-5003', Description: 'x' });
    expect(answer).toEqual({
      status: 422,
      body: { errors: [{ message: `${action} is not allowed on ${table}` }] },
    });
  });

  it('answers 404 to a write on an unknown table and 422 to an unknown action', async () => {
    expect((await write(world.sim, 'NOPE', 'CreateOnly', {})).status).toBe(404);
    const answer = await write(world.sim, job, 'Upsert', { Job: '24-5003' });
    expect(answer.body.errors).toEqual([{ column: 'action', message: 'Upsert is not a TSWrite action' }]);
  });
});

describe('Sage 300 simulator cost code and category writes', () => {
  const world = useSimulator({ seed: 'demo' });

  it('punctuates the cost code and its job, and creates it', async () => {
    const answer = await write(world.sim, costCode, 'CreateOrModify', {
      Job: '241001',
      Cost_Code: '07500',
      Description: 'Roofing',
    });
    expect(answer.body).toMatchObject({
      stored: { Job: '24-1001', Extra: '', Cost_Code: '07-500', Description: 'Roofing' },
      created: true,
    });
  });

  it.each([
    [{ Job: '24-9999', Cost_Code: '07-500' }, 'Job', 'Job 24-9999 does not exist'],
    [{ Job: '23-0950', Cost_Code: '07-500' }, 'Job', 'Job 23-0950 is closed'],
    [{ Job: '24-1001', Cost_Code: '033' }, 'Cost_Code', 'Cost code 033 is not sectioned'],
    [
      { Job: '24-1001', Cost_Code: '03-30' },
      'Cost_Code',
      'Cost code 03-30 does not match the cost code format ##-###',
    ],
    [
      { Job: '24-1001', Cost_Code: '033000' },
      'Cost_Code',
      'Cost code 033000 does not match the cost code format ##-###',
    ],
    [{ Job: '24-1001', Cost_Code: '03000' }, 'Cost_Code', 'Cost code 03-000 is a summary cost code'],
    [{ Job: '24-1001', Extra: '09', Cost_Code: '07-500' }, 'Extra', 'Extra 09 of job 24-1001 does not exist'],
  ])('refuses %j', async (row, column, message) => {
    const answer = await write(world.sim, costCode, 'CreateOrModify', { Description: 'x', ...row });
    expect(answer).toEqual({ status: 422, body: { errors: [{ column, message }] } });
  });

  it('requires a description on create and changes only the columns given on modify', async () => {
    const missing = await write(world.sim, costCode, 'CreateOrModify', {
      Job: '24-1001',
      Cost_Code: '08-100',
    });
    expect(missing.body.errors).toEqual([{ column: 'Description', message: 'Description is required' }]);
    const modified = await write(world.sim, costCode, 'CreateOrModify', {
      Job: '24-1001',
      Cost_Code: '03300',
      Description: 'Concrete in place',
    });
    expect(modified.body).toMatchObject({
      created: false,
      stored: { Cost_Code: '03-300', Description: 'Concrete in place' },
    });
  });

  it('does not count a modification that changes nothing, nor give it a stamp', async () => {
    const row = { Job: '24-1002', Cost_Code: '01-100', Description: 'Project Supervision' };
    const before = world.sim.state();
    const answer = await write(world.sim, costCode, 'CreateOrModify', row);
    expect(answer.body).toMatchObject({ created: false });
    const after = world.sim.state();
    expect(after.writes[costCode]).toBe(before.writes[costCode]);
    expect(
      (await read(world.sim, costCode, { Job: '24-1002', Cost_Code: '01-100' })).body.rows[0].Modified_Stamp,
    ).toBe(1);
    await write(world.sim, costCode, 'CreateOrModify', { ...row, Description: 'Supervision' });
    expect(world.sim.state().writes[costCode]).toBe((before.writes[costCode] ?? 0) + 1);
  });

  it('creates a category with the standard description and keeps Total_Estimate', async () => {
    const created = await write(world.sim, category, 'CreateOrModify', {
      Job: '24-1001',
      Cost_Code: '07-500',
      Category: 'M',
      Original_Estimate: 12_000.456,
      Total_Estimate: 5,
    });
    expect(created.body).toMatchObject({
      created: true,
      stored: {
        Description: 'Material',
        Original_Estimate: 12_000.46,
        Approved_Estimate_Changes: 0,
        Total_Estimate: 12_000.46,
      },
    });
    const changed = await write(world.sim, category, 'CreateOrModify', {
      Job: '24-1001',
      Cost_Code: '07-500',
      Category: 'M',
      Approved_Estimate_Changes: 1_500,
    });
    expect(changed.body).toMatchObject({
      created: false,
      stored: { Original_Estimate: 12_000.46, Approved_Estimate_Changes: 1_500, Total_Estimate: 13_500.46 },
    });
  });

  it.each([
    [{ Cost_Code: '08-500', Category: 'M' }, 'Cost_Code', 'Cost code 08-500 does not exist on job 24-1001'],
    [{ Cost_Code: '07-500', Category: 'Z' }, 'Category', 'Category Z is not a standard category'],
    [{ Cost_Code: '07-500' }, 'Category', 'Category is required'],
    [
      { Cost_Code: '07-500', Category: 'L', Original_Estimate: 1_000_000_000 },
      'Original_Estimate',
      'Original_Estimate exceeds 999,999,999.99',
    ],
    [
      { Cost_Code: '07-500', Category: 'L', Description: 'D'.repeat(31) },
      'Description',
      'Description exceeds 30 characters',
    ],
  ])('refuses category %j', async (row, column, message) => {
    const answer = await write(world.sim, category, 'CreateOrModify', { Job: '24-1001', ...row });
    expect(answer).toEqual({ status: 422, body: { errors: [{ column, message }] } });
  });
});

describe('Sage 300 simulator vendor writes', () => {
  const world = useSimulator({ seed: 'demo' });

  it('upper-cases the vendor id and creates the vendor as Active', async () => {
    const answer = await write(world.sim, vendor, 'CreateOnly', { Vendor: 'pine', Name: 'Pine Lumber' });
    expect(answer.body).toMatchObject({ created: true, stored: { Vendor: 'PINE', Status: 'Active' } });
  });

  it('answers 409 with the stored vendor for an existing id in any case', async () => {
    const answer = await write(world.sim, vendor, 'CreateOnly', { Vendor: 'acme', Name: 'Acme Again' });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      errors: [{ column: 'Vendor', message: 'Vendor ACME already exists' }],
      stored: expect.objectContaining({ Vendor: 'ACME', Name: 'Acme Concrete' }),
    });
  });

  it.each([
    [{ Vendor: 'TOOLONGVENDOR', Name: 'x' }, 'Vendor', 'Vendor exceeds 10 characters'],
    [{ Vendor: 'TWO WORDS', Name: 'x' }, 'Vendor', 'Vendor TWO WORDS contains spaces'],
    [{ Vendor: 'NONAME' }, 'Name', 'Name is required'],
    [{ Vendor: 'LONGNAME', Name: 'N'.repeat(31) }, 'Name', 'Name exceeds 30 characters'],
    [{ Vendor: 'CITY', Name: 'x', City: 'C'.repeat(16) }, 'City', 'City exceeds 15 characters'],
  ])('refuses vendor %j', async (row, column, message) => {
    const answer = await write(world.sim, vendor, 'CreateOnly', row);
    expect(answer).toEqual({ status: 422, body: { errors: [{ column, message }] } });
  });

  it('modifies only the columns given with ModifyOnly, and refuses a missing vendor', async () => {
    const answer = await write(world.sim, vendor, 'ModifyOnly', { Vendor: 'bolt', City: 'Folsom' });
    expect(answer.body).toMatchObject({
      created: false,
      stored: { Vendor: 'BOLT', Name: 'Bolt Electric', City: 'Folsom' },
    });
    const missing = await write(world.sim, vendor, 'ModifyOnly', { Vendor: 'acmx', Name: 'x' });
    expect(missing).toEqual({
      status: 422,
      body: { errors: [{ column: 'Vendor', message: 'Vendor ACMX does not exist' }] },
    });
  });

  it('counts stored writes per table and per row, every 409/422 as a reject, and every write call', async () => {
    const before = world.sim.state();
    await write(world.sim, vendor, 'CreateOnly', { Vendor: 'COUNT1', Name: 'Counted' });
    await write(world.sim, vendor, 'CreateOnly', { Vendor: 'COUNT1', Name: 'Counted' });
    await write(world.sim, vendor, 'CreateOnly', { Vendor: 'COUNT2' });
    await write(world.sim, vendor, 'ModifyOnly', { Vendor: 'COUNT1', Name: 'Counted' });
    const after = world.sim.state();
    expect(after.writes[vendor]).toBe((before.writes[vendor] ?? 0) + 1);
    expect(after.rejects).toBe(before.rejects + 2);
    expect(after.writeCalls[vendor]).toBe((before.writeCalls[vendor] ?? 0) + 4);
    const counted = after.tables[vendor]?.find((row) => row.Vendor === 'COUNT1');
    expect(counted).toMatchObject({ Write_Count: 1 });
    expect(after.tables[vendor]?.find((row) => row.Vendor === 'ACME')).toMatchObject({ Write_Count: 0 });
  });
});
