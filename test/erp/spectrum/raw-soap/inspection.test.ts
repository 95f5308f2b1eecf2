import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDED, codes, PUT_SERVICES, simulatorPerFile, startSimulator } from './raw-sdx.ts';

/* The inspection view GET /_sim/state (brief §5), the empty seed and the data file. */

describe('the inspection view on the demo seed', () => {
  const t = simulatorPerFile();

  it('is the same object over HTTP as state(), with every documented collection', async () => {
    const response = await fetch(`${t.sim.url}/_sim/state`);
    expect(response.status).toBe(200);
    const state = (await response.json()) as Record<string, unknown>;
    expect(state).toEqual(t.sim.state());
    expect(Object.keys(state).sort()).toEqual(
      [
        'jobs',
        'phases',
        'customers',
        'vendors',
        'subcontracts',
        'subcontractPhases',
        'changeRequests',
        'changeRequestLines',
        'writes',
        'truncatedValues',
      ].sort(),
    );
  });

  it('holds the demo seed: 7 jobs, 7 customers, 10 vendors, no subcontracts or change requests, nothing written', async () => {
    const state = t.sim.state();
    expect(state.jobs.map((j) => j.Job_Number).sort()).toEqual(
      ['22-017', '23-040', '24-001', '24-002', '24-003', 'STANDARD', 'TEMPLATE1'].sort(),
    );
    expect(state.customers.map((c) => c.Customer_Code).sort()).toEqual(
      ['CITYFRES', 'GENCUST', 'HARBORVW', 'OLDCUST', 'RIVHEALTH', 'SUSD', 'WESTGATE'].sort(),
    );
    expect(state.vendors).toHaveLength(10);
    expect(state.subcontracts).toEqual([]);
    expect(state.subcontractPhases).toEqual([]);
    expect(state.changeRequests).toEqual([]);
    expect(state.changeRequestLines).toEqual([]);
    expect(state.writes).toEqual(Object.fromEntries(PUT_SERVICES.map((service) => [service, 0])));
    expect(state.truncatedValues).toEqual({});
  });

  it('counts stored Put records per service and per record, never refused ones', async () => {
    const job = { Job_Number: 'INS-1', Taxable_Flag: 'N', Price_Method_Code: 'F' };
    expect(codes(await t.sdx.put('AddJob', { ...job, Taxable_Flag: '' }))).toEqual([['M', 'Taxable_Flag']]);
    expect(t.sim.state().writes.AddJob).toBe(0);
    expect(await t.sdx.put('AddJob', job)).toEqual(ADDED);
    const phase = {
      Job_Number: 'INS-1',
      Phase_Code: '01100',
      Cost_Type: 'L',
      Description: 'General',
      Price_Method_Code: 'J',
    };
    expect(await t.sdx.put('AddPhase', phase)).toEqual(ADDED);
    expect(await t.sdx.put('AddPhase', { ...phase, Original_Est_Cost: '10' })).toEqual([
      { error_code: '', desc: 'updated', column: '' },
    ]);
    const state = t.sim.state();
    expect(state.writes).toMatchObject({ AddJob: 1, AddPhase: 2, AddVendor: 0 });
    expect(state.jobs.find((j) => j.Job_Number === 'INS-1')).toMatchObject({ writeCount: 1 });
    expect(state.phases.find((p) => p.Job_Number === 'INS-1')).toMatchObject({ writeCount: 2 });
  });
});

describe('the empty seed', () => {
  const t = simulatorPerFile({ seed: 'empty' });

  it('starts with nothing but the Authorization IDs, and takes a first job', async () => {
    const state = t.sim.state();
    for (const collection of [
      'jobs',
      'phases',
      'vendors',
      'subcontracts',
      'subcontractPhases',
      'changeRequests',
    ] as const) {
      expect(state[collection], collection).toEqual([]);
    }
    const none = await t.sdx.get('GetJob');
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ Job_Number: '', Error_Code: 'W', Error_Description: 'No records found' });
    expect(
      await t.sdx.put('AddJob', { Job_Number: 'E1', Taxable_Flag: 'N', Price_Method_Code: 'T' }),
    ).toEqual(ADDED);
    expect((await t.sdx.get('GetJob')).map((row) => row.Job_Number)).toEqual(['E1']);
  });
});

describe('a simulator with a data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-raw-soap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps what was stored across a restart, without seeding twice', async () => {
    const dataFile = join(dir, 'spectrum.db');
    const first = await startSimulator({ dataFile });
    let seededJobs: number;
    try {
      seededJobs = first.state().jobs.length;
      expect(
        await first.sdx.put('AddJob', {
          Job_Number: 'P-1',
          Job_Description: 'Persisted',
          Taxable_Flag: 'Y',
          Price_Method_Code: 'U',
        }),
      ).toEqual(ADDED);
    } finally {
      await first.close();
    }
    const second = await startSimulator({ dataFile });
    try {
      expect(second.state().jobs).toHaveLength(seededJobs + 1);
      expect(second.state().jobs.find((j) => j.Job_Number === 'P-1')).toMatchObject({
        Job_Description: 'Persisted',
        writeCount: 1,
      });
      expect((await second.sdx.get('GetJob')).map((row) => row.Job_Number)).toContain('P-1');
      // Still add-only after the restart.
      expect(
        codes(
          await second.sdx.put('AddJob', { Job_Number: 'P-1', Taxable_Flag: 'Y', Price_Method_Code: 'U' }),
        ),
      ).toEqual([['I', 'Job_Number']]);
    } finally {
      await second.close();
    }
  });
});
