import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSage300Simulator } from '../../../../src/erp/sage300/simulator/index.ts';
import { read, write } from './sim-client.ts';

describe('Sage 300 simulator data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sage300-sim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps rows, stamps, write counters and rejects across restarts, and seeds only once', async () => {
    const dataFile = join(dir, 'nested', 'sage300.db');
    const first = await startSage300Simulator({ dataFile, seed: 'demo' });
    let stamp: number;
    try {
      expect(
        (await write(first, 'APM_MASTER__VENDOR', 'CreateOnly', { Vendor: 'KEEP', Name: 'Kept Co' })).status,
      ).toBe(200);
      expect(
        (await write(first, 'APM_MASTER__VENDOR', 'CreateOnly', { Vendor: 'KEEP', Name: 'Kept Co' })).status,
      ).toBe(409);
      stamp = (await read(first, 'APM_MASTER__VENDOR')).body.stamp;
    } finally {
      await first.close();
    }

    const second = await startSage300Simulator({ dataFile, seed: 'empty' });
    try {
      const state = second.state();
      expect(state.tables.APM_MASTER__VENDOR?.map((row) => row.Vendor)).toEqual([
        'ACME',
        'BOLT',
        'KEEP',
        'SUMMIT',
      ]);
      expect(state.tables.JCM_MASTER__JOB).toHaveLength(3);
      expect(state.writes.APM_MASTER__VENDOR).toBe(1);
      expect(state.rejects).toBe(1);
      const again = await write(second, 'APM_MASTER__VENDOR', 'CreateOnly', {
        Vendor: 'MORE',
        Name: 'More Co',
      });
      expect(again.body.stored.Modified_Stamp).toBe(stamp + 1);
    } finally {
      await second.close();
    }
  });
});
