import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { dialects, until } from '../support/databases.ts';
import {
  type ExportItem,
  type ExportWorld,
  forEachLimited,
  misrecorded,
  untilAllSynced,
  useExportWorld,
} from '../support/export-world.ts';

/** A trigger that refuses to record the ERP mirror row of one vendor: its `synced` write fails. */
async function refuseVendorMirror(w: ExportWorld, dialect: Dialect, vendorCode: string) {
  const { db } = w.database;
  if (dialect === 'sqlite') {
    await sql`create trigger refuse_vendor before insert on erp_vendors
              when new.vendor_code = ${sql.lit(vendorCode)}
              begin select raise(abort, 'refused by the test'); end`.execute(db);
    return () => sql`drop trigger refuse_vendor`.execute(db);
  }
  await sql`create function refuse_vendor() returns trigger language plpgsql as $$
            begin
              if new.vendor_code = ${sql.lit(vendorCode)} then raise exception 'refused by the test'; end if;
              return new;
            end $$`.execute(db);
  await sql`create trigger refuse_vendor before insert on erp_vendors
            for each row execute function refuse_vendor()`.execute(db);
  return async () => {
    await sql`drop trigger refuse_vendor on erp_vendors`.execute(db);
    await sql`drop function refuse_vendor()`.execute(db);
  };
}

/**
 * The exports of one process share their database work: successes are recorded by one transaction for
 * all that finished together. One export whose record cannot be written does not hold back the others.
 */
describe.each(dialects)('export batches on %s', (dialect) => {
  const w = useExportWorld(dialect);

  it('records exports that finish together in one transaction, and isolates one that cannot be recorded', async () => {
    const { sim, database } = w.current;
    const items: ExportItem[] = [];
    await forEachLimited(
      Array.from({ length: 30 }, (_, i) => i),
      4,
      async (i) => {
        items.push(await w.current.sendVendor('B', i));
      },
    );
    for (const item of items) await w.current.accept(item);
    const [poison, ...others] = items;
    const allow = await refuseVendorMirror(w.current, dialect, poison!.erpKey);
    // Answers that take a while arrive together: the exports that wait for them finish together.
    sim.setFaults({ latencyMs: 20 });
    try {
      await w.current.startWorker({ backoff: { baseMs: 100, capMs: 200 } }, 32);
      await untilAllSynced(w.current.database.db, others, 30_000);

      const requests = await database.db
        .selectFrom('erp_requests')
        .select(['id', 'status', 'updated_at'])
        .where(
          'id',
          'in',
          items.map((item) => item.requestId),
        )
        .execute();
      const synced = requests.filter((r) => r.status === 'synced');
      expect(synced).toHaveLength(others.length);
      // One transaction stamps its exports with one instant: fewer instants than exports.
      expect(new Set(synced.map((r) => r.updated_at)).size).toBeLessThan(synced.length);
      // Each of the others was exported once: none was run again for the refused one's sake.
      const writes = new Map(sim.state().vendors.map((v) => [v.Vendor_Code, v.writeCount]));
      expect(others.filter((item) => writes.get(item.erpKey) !== 1)).toEqual([]);
      // The refused one is still exporting: its job is retried, it did not fail the request.
      expect(requests.find((r) => r.id === poison!.requestId)?.status).toBe('exporting');
      await until(async () => {
        const job = await w.current.ctx.queue.stats();
        return job.waiting + job.running === 1;
      }, 10_000);
    } finally {
      await allow();
    }
    await untilAllSynced(w.current.database.db, items, 30_000);
    sim.setFaults({ latencyMs: 0 });
    await w.current.stopWorkers();
    // Re-runs of the refused export wrote the same vendor again: still one record each.
    expect(misrecorded(sim.state(), items)).toEqual([]);
    expect(await w.current.ctx.queue.stats()).toEqual({ waiting: 0, running: 0, dead: 0 });
  }, 90_000);
});
