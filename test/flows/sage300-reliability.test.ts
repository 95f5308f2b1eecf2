import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { activateAgent } from '../../src/erp/sage300/agent/activate.ts';
import { startSage300Simulator } from '../../src/erp/sage300/simulator/index.ts';
import { tables } from '../../src/erp/sage300/tables.ts';
import { buildApp } from '../../src/http/app.ts';
import { jobHandlers } from '../../src/server.ts';
import { createActivationCode } from '../../src/workflows/agent/create-activation-code.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { type AgentProcess, spawnAgent } from '../support/agent-process.ts';
import { apiAs } from '../support/api.ts';
import { fastQueue, loadTestWrites, testContext } from '../support/context.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator } from '../support/factories.ts';
import { syncFromErp } from '../support/sync.ts';

const projects = 80;
const vendors = 120;
const kills = 10;
const slowSage = { latencyMs: 40 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 15's reliability bar: 200 exports while the agent — the real CLI in its own process — is killed
 * with SIGKILL ten times, the hub restarts twice and Sage drops connections. Every export ends synced,
 * and each record is in Sage exactly once, by the simulator's own write counters.
 */
describe.each(dialects)(
  'the Sage agent under kills, hub restarts and dropped connections on %s',
  (dialect) => {
    const db = useTestDatabase(dialect);

    it('syncs all 200 exports, each Sage record written once', { timeout: 240_000 }, async () => {
      const ctx = testContext(db.current, systemClock, { queue: fastQueue });
      await ctx.queue.prepare();
      const sim = await startSage300Simulator({ port: 0, seed: 'demo' });
      const dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-agent-'));
      let app: FastifyInstance = await buildApp({
        ctx,
        publicUrl: 'http://127.0.0.1',
        rateLimitPerMinute: loadTestWrites,
      });
      const hub = await app.listen({ port: 0, host: '127.0.0.1' });
      const port = Number(new URL(hub).port);
      let agent: AgentProcess | undefined;
      try {
        const operator = await makeOperator(ctx);
        const c = (await makeCompany(ctx, operator, 'sage300')).id;
        const pm = apiAs(app, await makeMember(ctx, operator, c, { project: 'admin' }));
        const approver = apiAs(
          app,
          await makeMember(ctx, operator, c, { erp: 'standard', canPushToAccounting: true }),
        );
        const { code } = await createActivationCode(ctx, {
          actor: (await loadActor(ctx.database.db, operator.id))!,
          companyId: c,
        });
        await activateAgent({ hub, code, dataDir });
        agent = spawnAgent(dataDir, sim.url, ['--sage-timeout', '2000']);
        await until(() => ctx.agents.isOnline(c).then((online) => online || undefined), 15_000);
        await syncFromErp(ctx, c);

        const requestIds: string[] = [];
        for (let n = 1; n <= projects; n++) {
          const project = await pm.post(`/companies/${c}/projects`, {
            name: `Reliability ${n}`,
            number: `31${String(n).padStart(4, '0')}`,
            active: true,
          });
          await pm.post(`/companies/${c}/projects/${project.body.id}/cost-codes`, {
            code: '03-300',
            costTypes: ['L'],
          });
          requestIds.push(
            (await pm.post(`/companies/${c}/projects/${project.body.id}/send-to-erp`)).body.requestId,
          );
        }
        for (let n = 1; n <= vendors; n++) {
          const vendor = await pm.post(`/companies/${c}/vendors`, { name: `Vendor R${n}`, active: true });
          requestIds.push(
            (await pm.post(`/companies/${c}/vendors/${vendor.body.id}/send-to-erp`)).body.requestId,
          );
        }

        const bulk = await approver.post(`/companies/${c}/erp/requests/bulk`, {
          action: 'accept',
          ids: requestIds,
        });
        expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
        expect(
          (bulk.body.results as { ok: boolean }[]).every((r) => r.ok),
          JSON.stringify(bulk.body),
        ).toBe(true);
        // Sage takes its time, so the exports are still running through all ten kills.
        sim.setFaults(slowSage);
        await ctx.queue.start(jobHandlers(ctx), { concurrency: 4 });

        const statuses = async () => {
          const rows = await ctx.database.db
            .selectFrom('erp_requests')
            .select(['status'])
            .where('id', 'in', requestIds)
            .execute();
          return rows.map((row) => row.status);
        };
        const syncedAtKills: number[] = [];
        const online = () => until(() => ctx.agents.isOnline(c).then((yes) => yes || undefined), 30_000, 20);
        for (let kill = 1; kill <= kills; kill++) {
          // Killed while it works: once linked, after a random stretch of writing.
          await online();
          await sleep(200 + Math.floor(Math.random() * 500));
          await agent.stop('SIGKILL');
          syncedAtKills.push((await statuses()).filter((status) => status === 'synced').length);
          if (kill === 4) sim.setFaults({ dropConnections: 0.1 });
          if (kill === 6) sim.setFaults({});
          if (kill === 3 || kill === 7) {
            // The hub restarts: its sockets close, the agent reconnects to the new one on the same port.
            await app.close();
            app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1', rateLimitPerMinute: loadTestWrites });
            await app.listen({ port, host: '127.0.0.1' });
          }
          agent = spawnAgent(dataDir, sim.url, ['--sage-timeout', '2000']);
        }
        await until(
          async () => ((await statuses()).every((status) => status === 'synced') ? true : undefined),
          180_000,
          200,
        ).catch(async (error) => {
          const counts: Record<string, number> = {};
          for (const status of await statuses()) counts[status] = (counts[status] ?? 0) + 1;
          throw new Error(`${(error as Error).message}: ${JSON.stringify(counts)}\n${agent?.output()}`);
        });

        // The kills fell while the exports ran, not after.
        console.log(`synced at each kill: ${syncedAtKills.join(', ')}`);
        expect(syncedAtKills.at(-1)).toBeLessThan(projects + vendors);
        const state = sim.state();
        const jobs = state.tables[tables.job]!.filter((row) => String(row.Job).startsWith('31-'));
        expect(jobs).toHaveLength(projects);
        expect(new Set(jobs.map((row) => row.Job)).size).toBe(projects);
        const ours = state.tables[tables.vendor]!.filter((row) => String(row.Name).startsWith('Vendor R'));
        expect(ours).toHaveLength(vendors);
        // Written once each: the seed wrote nothing, so the counters are ours alone.
        expect(state.writes[tables.job]).toBe(projects);
        expect(state.writes[tables.vendor]).toBe(vendors);
        expect(state.writes[tables.costCode]).toBe(projects);
        expect(state.writes[tables.category]).toBe(projects);
        for (const row of [...jobs, ...ours]) expect(row.Write_Count).toBe(1);
      } finally {
        await agent?.stop('SIGTERM');
        await ctx.queue.stop();
        await app.close();
        await sim.close();
        ctx.agents.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
);
