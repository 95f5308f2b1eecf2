import { describe, expect, it } from 'vitest';
import { startSage300Simulator } from '../../../../src/erp/sage300/simulator/index.ts';
import { read, useSimulator, write } from './sim-client.ts';

describe('Sage 300 simulator reads', () => {
  const world = useSimulator();

  it('names the company and says it is reachable and writable', async () => {
    const answer = await fetch(`${world.sim.url}/company`);
    expect(await answer.json()).toEqual({
      name: 'Demo Builders (Sage)',
      state: { reachable: true, writable: true },
    });
  });

  it('holds the demo format table, standard lists, jobs and vendors', async () => {
    const format = await read(world.sim, 'TS_CTL_RECORD_3', { FLDCODE: '16' });
    expect(
      format.body.rows.map((row: { CSLEN: number; CNPUNCT: string }) => [row.CSLEN, row.CNPUNCT]),
    ).toEqual([
      [2, '-'],
      [4, ''],
    ]);
    const categories = await read(world.sim, 'JCM_MASTER__STANDARD_CATEGORY');
    expect(categories.body.rows.map((row: { Category: string }) => row.Category).sort()).toEqual([
      'E',
      'L',
      'M',
      'O',
      'S',
    ]);
    const summary = await read(world.sim, 'JCM_MASTER__STANDARD_COST_CODE', { Group_Cost_Code: 'Y' });
    expect(summary.body.rows.map((row: { Cost_Code: string }) => row.Cost_Code)).toContain('03-000');
    const jobs = await read(world.sim, 'JCM_MASTER__JOB');
    expect(jobs.body.rows.map((row: { Job: string; Status: string }) => [row.Job, row.Status])).toEqual([
      ['23-0950', 'Closed'],
      ['24-1001', 'In progress'],
      ['24-1002', 'In progress'],
    ]);
    const vendors = await read(world.sim, 'APM_MASTER__VENDOR');
    expect(vendors.body.rows.map((row: { Vendor: string }) => row.Vendor)).toEqual([
      'ACME',
      'BOLT',
      'SUMMIT',
    ]);
  });

  it('answers the rows whose columns equal the filters, unformatted, with the company stamp', async () => {
    const answer = await read(world.sim, 'JCM_MASTER__CATEGORY', { Job: '24-1001', Cost_Code: '03-300' });
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([
      expect.objectContaining({
        Category: 'M',
        Original_Estimate: 62_500,
        Total_Estimate: 62_500,
        JTD_Cost: 14_820.35,
      }),
      expect.objectContaining({ Category: 'S', Original_Estimate: 185_000, JTD_Cost: 46_250 }),
    ]);
    expect(answer.body.stamp).toBeGreaterThan(0);
    expect((await read(world.sim, 'JCM_MASTER__CATEGORY', { Job: '241001' })).body.rows).toEqual([]);
  });

  it('answers only rows written after `since`', async () => {
    const before = (await read(world.sim, 'APM_MASTER__VENDOR')).body.stamp;
    expect((await read(world.sim, 'APM_MASTER__VENDOR', { since: String(before) })).body.rows).toEqual([]);
    await write(world.sim, 'APM_MASTER__VENDOR', 'CreateOnly', { Vendor: 'NEWCO', Name: 'New Co' });
    const after = await read(world.sim, 'APM_MASTER__VENDOR', { since: String(before) });
    expect(after.body.rows).toEqual([
      expect.objectContaining({ Vendor: 'NEWCO', Modified_Stamp: before + 1 }),
    ]);
    expect(after.body.stamp).toBe(before + 1);
  });

  it('answers 404 "Table or view not found" for an unknown table and 400 for an unknown column', async () => {
    const unknown = await read(world.sim, 'JCM_MASTER__NOTHING');
    expect(unknown).toEqual({ status: 404, body: { errors: [{ message: 'Table or view not found' }] } });
    const column = await read(world.sim, 'JCM_MASTER__JOB', { Colour: 'red' });
    expect(column.status).toBe(400);
    expect(column.body.errors[0].message).toContain('Colour');
    expect((await read(world.sim, 'JCM_MASTER__JOB', { since: 'yesterday' })).status).toBe(400);
    expect((await read(world.sim, 'JCM_MASTER__CATEGORY', { JTD_Cost: 'lots' })).status).toBe(400);
    const numeric = await read(world.sim, 'JCM_MASTER__CATEGORY', { JTD_Cost: '46250' });
    expect(numeric.body.rows).toEqual([expect.objectContaining({ Job: '24-1001', Category: 'S' })]);
  });
});

describe('Sage 300 simulator seeds and volume', () => {
  it('seeds only the format table and standard lists with `empty`', async () => {
    const sim = await startSage300Simulator({ seed: 'empty' });
    try {
      const { tables, writes, rejects } = sim.state();
      expect(tables.JCM_MASTER__JOB).toEqual([]);
      expect(tables.APM_MASTER__VENDOR).toEqual([]);
      expect(tables.TS_CTL_RECORD_3?.length).toBe(6);
      expect(tables.JCM_MASTER__STANDARD_CATEGORY?.length).toBe(5);
      expect(writes.JCM_MASTER__JOB).toBe(0);
      expect(rejects).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('adds generated jobs, categories and vendors, and reads 20,000 categories quickly', async () => {
    const sim = await startSage300Simulator({ seed: 'empty' });
    try {
      sim.addVolume({ jobs: 100, categories: 20_000, vendors: 1_000 });
      const { tables } = sim.state();
      expect(tables.JCM_MASTER__JOB?.length).toBe(100);
      expect(tables.JCM_MASTER__CATEGORY?.length).toBe(20_000);
      expect(tables.APM_MASTER__VENDOR?.length).toBe(1_000);
      const summaries = tables.JCM_MASTER__COST_CODE?.filter((row) => String(row.Cost_Code).endsWith('-000'));
      expect(summaries).toEqual([]);

      await read(sim, 'JCM_MASTER__CATEGORY'); // warm: statements prepared, connection open
      const started = performance.now();
      const answer = await read(sim, 'JCM_MASTER__CATEGORY');
      const elapsed = performance.now() - started;
      expect(answer.body.rows).toHaveLength(20_000);
      // A guard against a read that grows worse than linearly, not a benchmark: other test files run
      // meanwhile (240 ms was seen under CI's load; a quadratic read takes seconds).
      expect(elapsed).toBeLessThan(1_000);
    } finally {
      await sim.close();
    }
  });
});
