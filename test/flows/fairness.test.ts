import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { dialects } from '../support/databases.ts';
import {
  connectedCompany,
  type ExportWorld,
  forEachLimited,
  misrecorded,
  untilAllSynced,
  useExportWorld,
} from '../support/export-world.ts';

/** Every call to the slow company's ERP takes this long while it is slow. */
const slowCallMs = 3_000;
/**
 * The other company's exports must all be synced this soon after they were accepted: less than one answer of
 * the slow ERP, so they cannot have waited for a slot of the slow company's exports to free up. It leaves
 * room for PostgreSQL's poll (1 s), by which a worker finds them while the slow company is at its share.
 */
const promptMs = 2_500;

/** A second company in the export world's database, on a Spectrum simulator of its own. */
async function addCompany(w: ExportWorld) {
  const sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
  return { sim, ...(await connectedCompany(w.ctx, sim, w.app)) };
}

/**
 * Two companies share one worker of 8 slots. Company A's ERP answers every call only after 3 s, with 12
 * exports accepted: unchecked, they would take every slot, and company B's exports would wait for A's.
 */
describe.each(dialects)('fair shares of a worker on %s', (dialect) => {
  const w = useExportWorld(dialect);
  let other: Awaited<ReturnType<typeof addCompany>>;
  const log = (message: string) => console.log(`[fairness ${dialect}] ${message}`);

  beforeAll(async () => {
    other = await addCompany(w.current);
  });
  afterAll(async () => {
    await w.current.stopWorkers();
    await other?.sim.close();
  });

  it("syncs one company's exports promptly while another company's ERP hangs, then the other's", async () => {
    const slow = await Promise.all(Array.from({ length: 12 }, (_, n) => w.current.sendVendor('A', n)));
    const prompt = await Promise.all(Array.from({ length: 4 }, (_, n) => other.sendVendor('B', n)));
    await w.current.startWorker({}, 8);

    w.current.sim.setFaults({ latencyMs: slowCallMs });
    await forEachLimited(slow, 4, (item) => w.current.accept(item));
    // A's exports hold their share of the slots, each waiting on its ERP's first answer.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const accepted = Date.now();
    await forEachLimited(prompt, 4, (item) => other.accept(item));
    await untilAllSynced(w.current.database.db, prompt, promptMs);
    log(`B's ${prompt.length} exports synced ${Date.now() - accepted} ms after they were accepted`);
    expect(await w.current.statusCounts(slow)).toEqual({ exporting: slow.length });

    w.current.sim.setFaults({ latencyMs: 0 });
    const recovered = Date.now();
    // The calls under way when the ERP recovered still take their 3 s; then A's exports run at full speed.
    await untilAllSynced(w.current.database.db, slow, 15_000);
    log(`A's ${slow.length} exports synced ${Date.now() - recovered} ms after its ERP recovered`);
    expect(misrecorded(w.current.sim.state(), slow)).toEqual([]);
    expect(misrecorded(other.sim.state(), prompt)).toEqual([]);
  }, 60_000);
});
