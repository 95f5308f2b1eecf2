import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import { type Api, apiAs } from '../support/api.ts';
import { dialects } from '../support/databases.ts';
import {
  type ExportItem,
  type ExportWorld,
  forEachLimited,
  misrecorded,
  untilAllSynced,
  useExportWorld,
} from '../support/export-world.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { syncFromErp } from '../support/sync.ts';

/** Every call to the slow company's ERP takes this long while it is slow. */
const slowCallMs = 3_000;
/**
 * The other company's exports must all be synced this soon after they were accepted: less than one answer of
 * the slow ERP, so they cannot have waited for a slot of the slow company's exports to free up. It leaves
 * room for PostgreSQL's poll (1 s), by which a worker finds them while the slow company is at its share.
 */
const promptMs = 2_500;

/** A second company in the export world's database, on a Spectrum simulator of its own. */
interface OtherCompany {
  sim: SpectrumSimulator;
  sendVendor(n: number): Promise<ExportItem>;
  accept(item: ExportItem): Promise<void>;
}

async function addCompany(w: ExportWorld): Promise<OtherCompany> {
  const { ctx, app } = w;
  const sim = await startSpectrumSimulator({ port: 0, seed: 'demo' });
  const operator = await makeOperator(ctx);
  const companyId = (await makeCompany(ctx, operator, 'spectrum')).id;
  const as = async (options: Parameters<typeof makeMember>[3]): Promise<Api> =>
    apiAs(app, await makeMember(ctx, operator, companyId, options));
  const erpAdmin = await as({ erp: 'admin' });
  const approver = await as({ erp: 'standard', canPushToAccounting: true });
  const pm = await as({ project: 'admin' });
  const expectStatus = (what: string, response: { status: number; body: unknown }, status: number) => {
    if (response.status !== status)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  };
  const c = `/companies/${companyId}`;
  expectStatus(
    'connection',
    await erpAdmin.put(`${c}/erp/connection`, {
      system: 'spectrum',
      baseUrl: sim.url,
      authorizationId: 'DEMO',
      companyCode: '001',
      standardJob: 'STANDARD',
      phaseMask: '##-###',
      defaultTaxable: false,
    }),
    200,
  );
  await syncFromErp(ctx, companyId);
  expectStatus('settings', await erpAdmin.put(`${c}/settings`, { syncSchedule: 'off' }), 200);
  return {
    sim,
    sendVendor: async (n) => {
      const name = `B Fair Supply ${n}`;
      const vendor = expectStatus('vendor', await pm.post(`${c}/vendors`, { name, active: true }), 201);
      const sent = expectStatus('send', await pm.post(`${c}/vendors/${vendor.id}/send-to-erp`), 201);
      return { kind: 'vendor', requestId: sent.requestId as string, name, erpKey: `BV${n}`, phases: [] };
    },
    accept: async (item) => {
      expectStatus(
        `accept ${item.name}`,
        await approver.post(`${c}/erp/requests/${item.requestId}/accept`, {
          version: 1,
          vendorCode: item.erpKey,
        }),
        202,
      );
    },
  };
}

/**
 * Two companies share one worker of 8 slots. Company A's ERP answers every call only after 3 s, with 12
 * exports accepted: unchecked, they would take every slot, and company B's exports would wait for A's.
 */
describe.each(dialects)('fair shares of a worker on %s', (dialect) => {
  const w = useExportWorld(dialect);
  let other: OtherCompany;
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
    const prompt = await Promise.all(Array.from({ length: 4 }, (_, n) => other.sendVendor(n)));
    await w.current.startWorker({}, 8);

    w.current.sim.setFaults({ latencyMs: slowCallMs });
    await forEachLimited(slow, 4, (item) => w.current.accept(item));
    // A's exports hold their share of the slots, each waiting on its ERP's first answer.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const accepted = Date.now();
    await forEachLimited(prompt, 4, (item) => other.accept(item));
    await untilAllSynced(w.current, prompt, promptMs);
    log(`B's ${prompt.length} exports synced ${Date.now() - accepted} ms after they were accepted`);
    expect(await w.current.statusCounts(slow)).toEqual({ exporting: slow.length });

    w.current.sim.setFaults({ latencyMs: 0 });
    const recovered = Date.now();
    // The calls under way when the ERP recovered still take their 3 s; then A's exports run at full speed.
    await untilAllSynced(w.current, slow, 15_000);
    log(`A's ${slow.length} exports synced ${Date.now() - recovered} ms after its ERP recovered`);
    expect(misrecorded(w.current.sim.state(), slow)).toEqual([]);
    expect(misrecorded(other.sim.state(), prompt)).toEqual([]);
  }, 60_000);
});
