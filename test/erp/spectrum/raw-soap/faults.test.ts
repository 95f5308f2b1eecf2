import { describe, expect, it } from 'vitest';
import {
  basicAuth,
  Clock,
  getRows,
  parseFault,
  putResponses,
  RETURN_FIELDS,
  simulatorPerTest,
  soapRequest,
} from './raw-sdx.ts';

/*
 * Fault switches (brief §4; ERP.md §2 "Production behaviour clients must survive"): transientRate,
 * truncateRate, maxRows, latencyMs, outage, guidTimeoutMs, set by POST /_sim/faults or setFaults().
 */

const clock = new Clock();
const t = simulatorPerTest({ now: clock.now });

async function postFaults(body: unknown): Promise<Response> {
  return fetch(`${t.sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('transientRate', () => {
  it('answers every Get with HTTP 500 SOAP-ENV:Server "Error executing Web Service" at rate 1', async () => {
    t.sim.setFaults({ transientRate: 1 });
    for (const service of ['GetJob', 'GetPhase', 'GetCustomers'] as const) {
      const answer = await t.sdx.send(service);
      expect(answer.status, service).toBe(500);
      expect(parseFault(answer.status, answer.xml)).toEqual({
        status: 500,
        faultcode: 'SOAP-ENV:Server',
        faultstring: 'Error executing Web Service',
      });
    }
    t.sim.setFaults({ transientRate: 0 });
    expect((await t.sdx.send('GetJob')).status).toBe(200);
  });

  it('stores about half of the faulted Put calls before answering the fault', async () => {
    t.sim.setFaults({ transientRate: 1 });
    const writes = t.sim.state().writes.AddJob ?? 0;
    const calls = 24;
    for (let i = 0; i < calls; i++) {
      const answer = await t.sdx.send('AddJob', {
        Job_Number: `TR-${i}`,
        Taxable_Flag: 'N',
        Price_Method_Code: 'F',
      });
      expect(answer.status).toBe(500);
      expect(parseFault(answer.status, answer.xml)).toMatchObject({
        faultcode: 'SOAP-ENV:Server',
        faultstring: 'Error executing Web Service',
      });
    }
    const stored = t.sim.state().jobs.filter((j) => String(j.Job_Number).startsWith('TR-')).length;
    expect(stored).toBeGreaterThan(0); // some after the commit ...
    expect(stored).toBeLessThan(calls); // ... some before (odds of failing either: 2 × 2^-24)
    expect(t.sim.state().writes.AddJob).toBe(writes + stored);
  });
});

describe('truncateRate', () => {
  it('cuts a Get answer right after its last </response>: every row whole, the closing tags gone', async () => {
    const whole = await t.sdx.send('GetPhase', { pJob_Number: 'STANDARD' });
    t.sim.setFaults({ truncateRate: 1 });
    const cut = await t.sdx.send('GetPhase', { pJob_Number: 'STANDARD' });
    expect(cut.status).toBe(200);
    const end = whole.xml.lastIndexOf('</response>') + '</response>'.length;
    expect(cut.xml).toBe(whole.xml.slice(0, end));
    expect(cut.xml).not.toContain('</SOAP-ENV:Envelope>');
    expect(cut.xml.split('<response>').length).toBe(getRows('GetPhase', whole.xml).length + 1);
  });

  it('never cuts a Put answer', async () => {
    t.sim.setFaults({ truncateRate: 1 });
    const answer = await t.sdx.send('AddJob', {
      Job_Number: 'TRUNC-PUT',
      Taxable_Flag: 'N',
      Price_Method_Code: 'F',
    });
    expect(answer.status).toBe(200);
    expect(answer.xml).toContain('</SOAP-ENV:Envelope>');
    expect(putResponses('AddJob', answer.xml)).toEqual([{ error_code: '', desc: 'added', column: '' }]);
  });
});

describe('maxRows', () => {
  it('answers the first N rows and one more W "Maximum rows exceeded" row when more matched', async () => {
    const whole = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' });
    expect(whole.length).toBeGreaterThan(10);
    t.sim.setFaults({ maxRows: 10 });
    const limited = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' });
    expect(limited).toHaveLength(11);
    expect(limited.slice(0, 10)).toEqual(whole.slice(0, 10));
    const last = limited[10]!;
    for (const field of RETURN_FIELDS.GetPhase) expect(last[field], field).toBe('');
    expect(last).toMatchObject({
      Error_Code: 'W',
      Error_Description: 'Maximum rows exceeded',
      Error_Column: '',
    });
  });

  it('adds no W row when the rows fit exactly or with room to spare, and 0 switches it off', async () => {
    const whole = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' });
    t.sim.setFaults({ maxRows: whole.length });
    expect(await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' })).toEqual(whole);
    t.sim.setFaults({ maxRows: whole.length + 5 });
    expect(await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' })).toEqual(whole);
    t.sim.setFaults({ maxRows: 1 });
    expect(await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' })).toHaveLength(2);
    t.sim.setFaults({ maxRows: 0 });
    expect(await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' })).toEqual(whole);
  });

  it('limits every Get service', async () => {
    t.sim.setFaults({ maxRows: 2 });
    for (const service of ['GetJob', 'GetJobMain', 'GetJobDates', 'GetJobUDF', 'GetCustomers'] as const) {
      const rows = await t.sdx.get(service);
      expect(rows, service).toHaveLength(3);
      expect(rows[2], service).toMatchObject({ Error_Code: 'W', Error_Description: 'Maximum rows exceeded' });
    }
  });
});

describe('latencyMs, outage and the switch endpoint', () => {
  it('delays every SOAP answer by the latency', async () => {
    t.sim.setFaults({ latencyMs: 150 });
    let started = performance.now();
    expect((await t.sdx.send('GetJob')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    started = performance.now();
    expect(
      (await t.sdx.send('AddJob', { Job_Number: 'LAT-1', Taxable_Flag: 'N', Price_Method_Code: 'F' })).status,
    ).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('drops every ERP connection during an outage while /_sim still answers', async () => {
    expect((await postFaults({ outage: true })).status).toBe(200);
    await expect(t.sdx.send('GetJob')).rejects.toThrow();
    await expect(
      fetch(`${t.sim.url}/vendors/001`, { headers: { authorization: basicAuth('001', 'DEMO') } }),
    ).rejects.toThrow();
    const state = await fetch(`${t.sim.url}/_sim/state`);
    expect(state.status).toBe(200);
    expect(await state.json()).toEqual(t.sim.state());
    expect((await postFaults({ outage: false })).status).toBe(200);
    expect((await t.sdx.send('GetJob')).status).toBe(200);
  });

  it('merges the switches it is sent', async () => {
    expect((await postFaults({ maxRows: 2 })).status).toBe(200);
    expect((await postFaults({ latencyMs: 120 })).status).toBe(200);
    const started = performance.now();
    const rows = await t.sdx.get('GetJob');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(rows).toHaveLength(3);
  });

  it('refuses a bad switch with 400 and keeps the switches as they were', async () => {
    expect((await postFaults({ maxRows: 2 })).status).toBe(200);
    for (const bad of [
      { transientRate: 2 },
      { transientRate: -0.1 },
      { truncateRate: 'half' },
      { maxRows: -1 },
      { maxRows: 1.5 },
      { latencyMs: -5 },
      { outage: 'yes' },
      { guidTimeoutMs: -1 },
      { noSuchSwitch: 1 },
    ]) {
      expect((await postFaults(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await postFaults('{not json')).status).toBe(400);
    const rows = await t.sdx.get('GetJob');
    expect(rows).toHaveLength(3); // maxRows 2 still on, nothing else switched
    expect(rows[0]!.Error_Code).toBe('');
  });
});

describe('guidTimeoutMs as a switch', () => {
  const s = t;

  it('times out a GUID after the switched timeout', async () => {
    const response = await fetch(`${s.sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ guidTimeoutMs: 1000 }),
    });
    expect(response.status).toBe(200);
    const guid = '0b8f5a52-4a0e-4e43-8c3d-2f1e9b7c6d5a';
    expect((await s.sdx.get('GetJob', { GUID: guid }))[0]!.Error_Code).toBe('');
    clock.advance(1000);
    expect((await s.sdx.get('GetJob', { GUID: guid }))[0]!.Error_Code).toBe('');
    clock.advance(1001);
    const xml = (await s.sdx.post('GetJob', soapRequest('GetJob', { GUID: guid }))).xml;
    expect(getRows('GetJob', xml)[0]).toMatchObject({
      Error_Code: 'A',
      Error_Description: 'Time out has occurred',
      Error_Column: 'GUID',
    });
  });
});
