import { describe, expect, it } from 'vitest';
import {
  ADDED,
  basicAuth,
  Clock,
  codes,
  ERROR_FIELDS,
  GET_SERVICES,
  getRows,
  PUT_SERVICES,
  type PutResponse,
  RETURN_FIELDS,
  type Row,
  simulatorPerFile,
  simulatorPerTest,
  soapRequest,
  startSimulator,
} from './raw-sdx.ts';

/*
 * Authorization IDs, company defaulting and GUID sessions: digest §1–§3, ERP.md §2 "Authentication" and
 * "GUID", brief §2.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GUID_A = '6f1c2a4e-8d2b-4c47-9a51-0e5b9d3f7a10';
const GUID_B = 'a2b9e0d4-53c1-4f0e-b7a8-1c9d2e3f4a5b';

/** A Get answer carrying one error: one row, every data field empty, the error at the end (brief §1). */
function expectGetError(
  service: keyof typeof RETURN_FIELDS,
  rows: Row[],
  code: string,
  column: string,
): void {
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  expect(Object.keys(row)).toEqual([...RETURN_FIELDS[service], ...ERROR_FIELDS]);
  for (const field of RETURN_FIELDS[service]) expect(row[field], field).toBe('');
  expect(row.Error_Code).toBe(code);
  expect(row.Error_Column).toBe(column);
  expect(row.Error_Description).not.toBe('');
}

/**
 * An abort: `A` on the column first. Authorization sits in level 1 with the required fields (digest §3),
 * so `M` records may follow it; nothing of a later level may.
 */
function expectAbort(records: PutResponse[], column: string, label = ''): void {
  expect(records[0], label).toMatchObject({ error_code: 'A', column });
  for (const record of records.slice(1)) expect(record.error_code, `${label} ${record.column}`).toBe('M');
}

const newJob = (Job_Number: string) => ({ Job_Number, Taxable_Flag: 'N', Price_Method_Code: 'F' });

describe('Authorization IDs (digest §1–§2, brief §2)', () => {
  const t = simulatorPerFile();

  it('aborts every service called with an unknown Authorization ID: A, column Authorization_ID', async () => {
    for (const service of GET_SERVICES) {
      expectGetError(
        service,
        await t.sdx.get(service, { Authorization_ID: 'NOSUCHID' }),
        'A',
        'Authorization_ID',
      );
    }
    const writes = t.sim.state().writes;
    for (const service of PUT_SERVICES) {
      expectAbort(await t.sdx.put(service, { Authorization_ID: 'NOSUCHID' }), 'Authorization_ID', service);
    }
    expect(t.sim.state().writes).toEqual(writes);
  });

  it('answers M for an empty Authorization_ID, a required element (digest §6 Req YES; §3 level 1)', async () => {
    expect(codes(await t.sdx.put('AddJob', { Authorization_ID: '', ...newJob('A-EMPTY') }))).toEqual([
      ['M', 'Authorization_ID'],
    ]);
    const rows = await t.sdx.get('GetJob', { Authorization_ID: '' });
    expectGetError('GetJob', rows, 'M', 'Authorization_ID');
  });

  it('lets DEMOREAD read every Get service and refuses its Puts as not authorized (digest §3 abort example)', async () => {
    for (const service of GET_SERVICES) {
      const rows = await t.sdx.get(service, { Authorization_ID: 'DEMOREAD' });
      expect(rows.length, service).toBeGreaterThan(0);
      expect(rows[0]!.Error_Code, service).toBe('');
    }
    const writes = t.sim.state().writes;
    for (const service of PUT_SERVICES) {
      const records = await t.sdx.put(service, { Authorization_ID: 'DEMOREAD' });
      expectAbort(records, 'Authorization_ID', service);
      expect(records[0]!.desc, service).toMatch(/^The Web Service is not authorized/);
    }
    expect(t.sim.state().writes).toEqual(writes);
  });

  it('checks authorization before required fields and formats (digest §3 validation order)', async () => {
    const records = await t.sdx.put('AddJob', {
      Authorization_ID: 'NOSUCHID',
      Job_Number: 'A-ORDER',
      Taxable_Flag: 'maybe',
      Price_Method_Code: 'F',
      Est_Start_Date: 'tomorrow',
    });
    expect(codes(records)).toEqual([['A', 'Authorization_ID']]);
    expect(t.sim.state().jobs.some((j) => j.Job_Number === 'A-ORDER')).toBe(false);
  });

  it('answers the same rows whatever HTTP authentication header a SOAP call carries (digest §2)', async () => {
    const reference = await t.sdx.get('GetJob');
    const answer = await t.sdx.post('GetJob', soapRequest('GetJob'), {
      headers: { authorization: basicAuth('nobody', 'nothing') },
    });
    expect(answer.status).toBe(200);
    expect(getRows('GetJob', answer.xml)).toEqual(reference);
  });
});

describe('the company (digest §6 "defaults from the Authorization ID when empty", brief §2)', () => {
  const t = simulatorPerFile();

  it('reads the Authorization ID company when pCompany_Code is empty', async () => {
    for (const service of GET_SERVICES) {
      const explicit = await t.sdx.get(service, { pCompany_Code: '001' });
      const defaulted = await t.sdx.get(service, { pCompany_Code: '' });
      expect(defaulted, service).toEqual(explicit);
      expect(
        defaulted.every((row) => row.Company_Code === '001'),
        service,
      ).toBe(true);
    }
  });

  it('stores a Put with an empty Company_Code under the Authorization ID company', async () => {
    expect(await t.sdx.put('AddJob', { Company_Code: '', ...newJob('C-DEFAULT') })).toEqual(ADDED);
    expect(t.sim.state().jobs.find((j) => j.Job_Number === 'C-DEFAULT')).toMatchObject({
      Company_Code: '001',
    });
    const rows = await t.sdx.get('GetJob', { pCustomer_Code: '' });
    expect(rows.find((row) => row.Job_Number === 'C-DEFAULT')).toMatchObject({ Company_Code: '001' });
  });

  it('aborts another company: A, column the company parameter', async () => {
    for (const service of GET_SERVICES) {
      expectGetError(service, await t.sdx.get(service, { pCompany_Code: '002' }), 'A', 'pCompany_Code');
    }
    const writes = t.sim.state().writes;
    for (const service of PUT_SERVICES) {
      expectAbort(await t.sdx.put(service, { Company_Code: '002' }), 'Company_Code', service);
    }
    expect(t.sim.state().writes).toEqual(writes);
  });
});

describe('GUID sessions (digest §1, brief §2)', () => {
  const clock = new Clock();
  const t = simulatorPerTest({ now: clock.now, guidTimeoutMs: HOUR });

  it('accepts a GUID of 36 characters and refuses a longer one: I, column GUID', async () => {
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
    expectGetError('GetJob', await t.sdx.get('GetJob', { GUID: `${GUID_A}0` }), 'I', 'GUID');
    expect(codes(await t.sdx.put('AddJob', { GUID: `${GUID_A}0`, ...newJob('G-LONG') }))).toEqual([
      ['I', 'GUID'],
    ]);
    expect(t.sim.state().jobs.some((j) => j.Job_Number === 'G-LONG')).toBe(false);
  });

  it('times a method + Authorization_ID + GUID out after the idle timeout: A "Time out has occurred", GUID', async () => {
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
    clock.advance(HOUR); // idle exactly the timeout: still alive
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
    clock.advance(HOUR + 1);
    const rows = await t.sdx.get('GetJob', { GUID: GUID_A });
    expectGetError('GetJob', rows, 'A', 'GUID');
    expect(rows[0]!.Error_Description).toBe('Time out has occurred');
    // Timed out means forgotten: the same GUID now starts a new session.
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
  });

  it('refuses a Put on a timed-out GUID without storing it, then stores it under a new GUID', async () => {
    expect(await t.sdx.put('AddJob', { GUID: GUID_A, ...newJob('G-1') })).toEqual(ADDED);
    clock.advance(HOUR + 1);
    const writes = t.sim.state().writes.AddJob ?? 0;
    expect(await t.sdx.put('AddJob', { GUID: GUID_A, ...newJob('G-2') })).toEqual([
      { error_code: 'A', desc: 'Time out has occurred', column: 'GUID' },
    ]);
    expect(t.sim.state().jobs.some((j) => j.Job_Number === 'G-2')).toBe(false);
    expect(t.sim.state().writes.AddJob).toBe(writes);
    expect(await t.sdx.put('AddJob', { GUID: GUID_B, ...newJob('G-2') })).toEqual(ADDED);
  });

  it('keeps one session per method: the same GUID on another method has its own idle time', async () => {
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
    clock.advance(40 * 60_000);
    expect((await t.sdx.get('GetPhase', { GUID: GUID_A, pJob_Number: 'STANDARD' }))[0]!.Error_Code).toBe('');
    clock.advance(40 * 60_000); // GetJob idle 80 min, GetPhase idle 40 min
    expect((await t.sdx.get('GetPhase', { GUID: GUID_A, pJob_Number: 'STANDARD' }))[0]!.Error_Code).toBe('');
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]).toMatchObject({
      Error_Code: 'A',
      Error_Description: 'Time out has occurred',
      Error_Column: 'GUID',
    });
  });

  it('refuses the same GUID on the same method under another Authorization ID while its session lives', async () => {
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
    const rows = await t.sdx.get('GetJob', { Authorization_ID: 'DEMOREAD', GUID: GUID_A });
    expectGetError('GetJob', rows, 'A', 'GUID');
    expect(rows[0]!.Error_Description).toBe('GUID is in use by another Authorization ID');
    // Another method under the other ID is a different combination (digest §1).
    expect(
      (await t.sdx.get('GetCustomers', { Authorization_ID: 'DEMOREAD', GUID: GUID_A }))[0]!.Error_Code,
    ).toBe('');
    // The first ID keeps its session.
    expect((await t.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
    // Once that session has timed out, the GUID is free for the other ID.
    clock.advance(HOUR + 1);
    expect((await t.sdx.get('GetJob', { Authorization_ID: 'DEMOREAD', GUID: GUID_A }))[0]!.Error_Code).toBe(
      '',
    );
  });

  it('reuses one GUID across methods of one Authorization ID (digest §1: a grouping of records)', async () => {
    expect(await t.sdx.put('AddJob', { GUID: GUID_A, ...newJob('G-3') })).toEqual(ADDED);
    expect(
      await t.sdx.put('AddPhase', {
        GUID: GUID_A,
        Job_Number: 'G-3',
        Phase_Code: '01100',
        Description: 'General Conditions',
        Cost_Type: 'L',
        Price_Method_Code: 'J',
      }),
    ).toEqual(ADDED);
    expect((await t.sdx.get('GetPhase', { GUID: GUID_A, pJob_Number: 'G-3' }))[0]).toMatchObject({
      Job_Number: 'G-3',
      Phase_Code: '01100',
      Error_Code: '',
    });
  });

  it('accepts an empty GUID on every call: no session, so nothing ever times out', async () => {
    expect((await t.sdx.get('GetJob', { GUID: '' }))[0]!.Error_Code).toBe('');
    clock.advance(10 * DAY);
    expect((await t.sdx.get('GetJob', { GUID: '' }))[0]!.Error_Code).toBe('');
    expect(await t.sdx.put('AddJob', { GUID: '', ...newJob('G-4') })).toEqual(ADDED);
  });
});

describe('the documented default GUID timeout: 24 hours of inactivity (digest §1)', () => {
  it('keeps a GUID alive for 24 hours of silence and times it out after', async () => {
    const clock = new Clock();
    const sim = await startSimulator({ now: clock.now });
    try {
      expect((await sim.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
      clock.advance(DAY - 1);
      expect((await sim.sdx.get('GetJob', { GUID: GUID_A }))[0]!.Error_Code).toBe('');
      clock.advance(DAY + 1);
      expect((await sim.sdx.get('GetJob', { GUID: GUID_A }))[0]).toMatchObject({
        Error_Code: 'A',
        Error_Description: 'Time out has occurred',
        Error_Column: 'GUID',
      });
    } finally {
      await sim.close();
    }
  });
});
