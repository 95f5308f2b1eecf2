import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { companyEventTypes } from '../../src/domain/company-events.ts';
import { type SpectrumSimulator, startSpectrumSimulator } from '../../src/erp/spectrum/simulator/index.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import type { Api } from '../support/api.ts';
import { testContext } from '../support/context.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';
import {
  connectedCompany,
  type ExportItem,
  expectStatus,
  forEachLimited,
  misrecorded,
  projectCostCodes,
  projectPhases,
  requestStatusCounts,
  untilAllSynced,
} from '../support/export-world.ts';
import { apiOverHttp, type FailoverCounts } from '../support/http-api.ts';
import { type LedgergateProcess, spawnLedgergate } from '../support/ledgergate-process.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const companies = 20;
const vendorsPerCompany = 10;
const projectsPerCompany = 5;
/** The jobs of a killed worker run again within a second. */
const leaseMs = 1_000;
const concurrency = 32;
/** Each SDX answer waits this long, as across a network: exports are under way when kills land. */
const simLatencyMs = 50;
/** A process is killed every this many ms (at random within), then started again at once. */
const killEveryMs = { min: 500, max: 1_500 };

/** One process of the installation: what it runs, and its current incarnation. */
interface Member {
  name: string;
  args: string[];
  process: LedgergateProcess;
  url?: string;
  up: boolean;
}

/**
 * The scale-out topology under faults: two `serve --no-worker` and two `worker` processes on one PostgreSQL,
 * with 20 companies, each on its own Spectrum simulator, with a webhook, and one approver subscribed to the
 * daily summary. 300 records are sent and accepted through the API processes (a client that fails over
 * between them, as a proxy does) while random processes are SIGKILLed and started again. Every request ends
 * synced with one ERP record each; each daily summary is queued once and delivered under one Message-ID;
 * every event is delivered to its webhook at least once, each event once in the log; and the scheduler,
 * ticking in every process, queued one scheduled sync per company and slot.
 */
describe.runIf(dialects.includes('postgres'))(
  '2 API + 2 worker processes on PostgreSQL under SIGKILL',
  () => {
    const db = useTestDatabase('postgres');
    const secretKey = randomBytes(32);
    let ctx: WorkflowContext;
    let sims: SpectrumSimulator[];
    let smtp: TestSmtpServer;
    let hooks: WebhookReceiver;
    const members: Member[] = [];
    /** Every process started, whether or not it came up, to be killed at the end. */
    const spawned: LedgergateProcess[] = [];

    beforeAll(async () => {
      ctx = testContext(db.current, systemClock, { secretKey });
      await ctx.queue.prepare();
      sims = await Promise.all(
        Array.from({ length: companies }, () => startSpectrumSimulator({ port: 0, seed: 'demo' })),
      );
      smtp = await startSmtpServer();
      hooks = await startWebhookReceiver();
      // Calls cut off by a kill are reported by the simulators (ECONNRESET): expected here.
      const original = console.error.bind(console);
      vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        if (args[0] !== 'Spectrum simulator:') original(...args);
      });
    });
    afterAll(async () => {
      vi.mocked(console.error).mockRestore();
      await Promise.all(spawned.map((process) => process.stop('SIGKILL')));
      await Promise.all([...sims.map((sim) => sim.close()), smtp?.stop(), hooks?.close()]);
    });

    it('syncs 300 exports across 20 companies exactly once while processes are killed', async () => {
      const env = {
        DATABASE_URL: db.current.scratch.url,
        LEDGERGATE_SECRET_KEY: secretKey.toString('hex'),
        JOB_LEASE_MS: String(leaseMs),
        WORKER_CONCURRENCY: String(concurrency),
        SMTP_URL: smtp.url,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        RATE_LIMIT_PER_MINUTE: '100000',
      };
      const start = async (member: Omit<Member, 'process' | 'up'>) => {
        const process = spawnLedgergate(member.args, env);
        spawned.push(process);
        const entry = { ...member, process, up: false } as Member;
        entry.url = await process.ready;
        entry.up = true;
        return entry;
      };
      members.push(
        ...(await Promise.all([
          start({ name: 'api-1', args: ['serve', '--no-worker', '--port', '0'] }),
          start({ name: 'api-2', args: ['serve', '--no-worker', '--port', '0'] }),
          start({ name: 'worker-1', args: ['worker'] }),
          start({ name: 'worker-2', args: ['worker'] }),
        ])),
      );
      const urls = () => members.filter((m) => m.up && m.url).map((m) => m.url!);
      const counts: FailoverCounts = { unavailable: 0, unreachable: 0 };
      // The client checks each outcome itself (see `ensure`), so it sends no Idempotency-Key.
      const via = (user: { token: string }) => apiOverHttp(urls, user.token, { counts, keyed: false });

      // Set-up, before any kill: the companies, their records, one vendor each left waiting for the summary.
      const world = await Promise.all(
        sims.map(async (sim, i) => {
          // Not yet a summary's recipient: a scheduler's tick during the set-up would find nothing waiting
          // and skip the day (the default summary time may have passed). Subscribed once a vendor waits.
          const company = await connectedCompany(ctx, sim, via, { approverSubscribed: false });
          const tag = String.fromCharCode(65 + i);
          const c = `/companies/${company.companyId}`;
          expectStatus(
            'webhook',
            await company.erpAdmin.post(`${c}/webhooks`, {
              url: `${hooks.url}/${company.companyId}`,
              events: [...companyEventTypes],
            }),
            201,
          );
          const hookedAt = new Date().toISOString();
          const records: { item: Omit<ExportItem, 'requestId'>; path: string }[] = [];
          for (let n = 1; n <= vendorsPerCompany; n++) {
            const name = `${tag} Cluster Supply ${n}`;
            const vendor = expectStatus(
              'vendor',
              await company.pm.post(`${c}/vendors`, { name, active: true }),
              201,
            );
            records.push({
              item: { kind: 'vendor', name, erpKey: `${tag}V${n}`, phases: [] },
              path: `${c}/vendors/${vendor.id}`,
            });
          }
          for (let n = 1; n <= projectsPerCompany; n++) {
            const name = `${tag} Cluster Tower ${n}`;
            const number = `${tag}P${n}`;
            const project = expectStatus(
              'project',
              await company.pm.post(`${c}/projects`, { name, number, active: true }),
              201,
            );
            for (const costCode of projectCostCodes)
              expectStatus(
                'cost code',
                await company.pm.post(`${c}/projects/${project.id}/cost-codes`, costCode),
                201,
              );
            records.push({
              item: { kind: 'project', name, erpKey: number, phases: projectPhases },
              path: `${c}/projects/${project.id}`,
            });
          }
          const waiting = expectStatus(
            'vendor',
            await company.pm.post(`${c}/vendors`, { name: `${tag} Waiting Supply`, active: true }),
            201,
          );
          await ensureSent(company.pm, `${c}/vendors/${waiting.id}`);
          expectStatus(
            'subscribe',
            await company.approver.patch(`/me/companies/${company.companyId}`, {
              subscribeDailySummary: true,
            }),
            200,
          );
          return { ...company, c, sim, tag, records, hookedAt };
        }),
      );
      // From now on the scheduler of every process syncs each company hourly and its summary is due.
      for (const company of world)
        expectStatus(
          'settings',
          await company.erpAdmin.put(`${company.c}/settings`, {
            syncSchedule: 'hourly',
            dailySummaryTime: '00:00',
          }),
          200,
        );
      for (const sim of sims) sim.setFaults({ latencyMs: simLatencyMs });

      // Kills, one process at a time, at random, each started again at once (as systemd's Restart= would).
      const seed = Number(process.env.CLUSTER_SEED ?? randomInt(2 ** 31));
      const next = seededRandom(seed);
      const log = (message: string) => console.log(`[cluster] ${message}`);
      log(`seed ${seed} (CLUSTER_SEED=${seed} replays the choice of processes)`);
      const kills: string[] = [];
      const restarts: Promise<void>[] = [];
      let chaos = true;
      const killer = (async () => {
        while (chaos) {
          await sleep(killEveryMs.min + next() * (killEveryMs.max - killEveryMs.min));
          if (!chaos) break;
          // Each only while the other of its kind is up (some API answers, some worker works); of the
          // kinds that can lose one now, the one killed less so far.
          const killable = members.filter(
            (m) => m.up && members.some((o) => o !== m && o.args[0] === m.args[0] && o.up),
          );
          const killed = (kind: string) => kills.filter((name) => name.startsWith(kind)).length;
          const kindOf = (m: Member) => (m.args[0] === 'serve' ? 'api' : 'worker');
          const fewest = Math.min(...killable.map((m) => killed(kindOf(m))));
          const candidates = killable.filter((m) => killed(kindOf(m)) === fewest);
          const victim = candidates[Math.floor(next() * candidates.length)];
          if (!victim) continue;
          victim.up = false;
          await victim.process.stop('SIGKILL');
          kills.push(victim.name);
          restarts.push(start(victim).then((restarted) => void Object.assign(victim, restarted)));
        }
      })();

      // Send and accept every record through the API processes, 3 companies at a time, and reject one each.
      const items: ExportItem[] = [];
      const began = Date.now();
      let midRun: string[] = [];
      try {
        await forEachLimited(world, 3, async (company) => {
          for (const { item, path } of company.records) {
            const requestId = await ensureSent(company.pm, path);
            const options =
              item.kind === 'vendor'
                ? { vendorCode: item.erpKey }
                : { jobNumber: item.erpKey, jobTemplate: 'TEMPLATE1' };
            await ensureActed(company.approver, `${company.c}/erp/requests/${requestId}`, 'accept', options);
            items.push({ ...item, requestId });
          }
          const rejected = expectStatus(
            'vendor',
            await company.pm.post(`${company.c}/vendors`, {
              name: `${company.tag} Rejected Supply`,
              active: true,
            }),
            201,
          );
          const rejectedId = await ensureSent(company.pm, `${company.c}/vendors/${rejected.id}`);
          await ensureActed(company.approver, `${company.c}/erp/requests/${rejectedId}`, 'reject', {
            comment: 'Not in this ledger',
          });
        });
        log(`300 sent and accepted in ${Date.now() - began} ms; kills so far: ${kills.join(', ')}`);
        await untilAllSynced(ctx.database.db, items, 90_000);
        midRun = [...kills];
        log(`all synced ${Date.now() - began} ms after the first send, after ${midRun.length} kills`);
        // A scheduler's tick (as a process starts, then each minute) queues the syncs and the summaries.
        await until(async () => (await scheduledSyncs(ctx)).length >= companies, 75_000, 500);
        await until(async () => (await summaries(ctx)).length >= companies, 30_000, 500);
      } catch (error) {
        // What the processes last said, and where the queue stands, to tell a stuck run from a slow one.
        for (const member of members)
          console.error(`[cluster] ${member.name}:\n${member.process.output().slice(-4_000)}`);
        console.error(`[cluster] queue: ${JSON.stringify(await ctx.queue.stats())}`);
        throw error;
      } finally {
        chaos = false;
        await killer;
        await Promise.all(restarts);
      }
      log(`kills: ${kills.length} (${kills.join(', ')}); client tries moved on: ${JSON.stringify(counts)}`);
      await until(
        async () => {
          const stats = await ctx.queue.stats();
          return stats.waiting === 0 && stats.running === 0;
        },
        60_000,
        200,
      );

      // Kills of both kinds landed while requests were sent, accepted and exported.
      expect(midRun.filter((name) => name.startsWith('api')).length).toBeGreaterThanOrEqual(2);
      expect(midRun.filter((name) => name.startsWith('worker')).length).toBeGreaterThanOrEqual(2);
      expect(await ctx.queue.stats()).toEqual({ waiting: 0, running: 0, dead: 0 });

      // Every request synced, each record once in its company's ERP.
      expect(await requestStatusCounts(ctx.database.db, items)).toEqual({
        synced: companies * (vendorsPerCompany + projectsPerCompany),
      });
      for (const company of world) {
        const mine = items.filter((item) => company.records.some((r) => r.item.name === item.name));
        expect(misrecorded(company.sim.state(), mine)).toEqual([]);
        const { writes } = company.sim.state();
        expect([writes.AddVendor, writes.AddJob]).toEqual([vendorsPerCompany, projectsPerCompany]);
      }

      // One scheduled sync per company and slot, each finished once, whatever ran the scheduler.
      const syncs = await scheduledSyncs(ctx);
      const slots = new Set(syncs.map((run) => `${run.company_id} ${run.schedule_slot}`));
      expect(slots.size).toBe(syncs.length);
      expect(new Set(syncs.map((run) => run.company_id)).size).toBe(companies);
      expect(syncs.every((run) => run.status === 'succeeded')).toBe(true);

      // One daily summary per approver and company, queued once, delivered under that one Message-ID.
      const queued = await summaries(ctx);
      expect(queued).toHaveLength(companies);
      expect(queued.filter((summary) => !(summary.status === 'queued' && summary.mail_id))).toEqual([]);
      const summaryMails = await ctx.database.db
        .selectFrom('mail_outbox')
        .select(['id', 'status'])
        .where('subject', '=', 'ERP Integrations Daily Summary')
        .execute();
      expect(summaryMails.map((mail) => mail.id).sort()).toEqual(
        queued.map((summary) => summary.mail_id).sort(),
      );
      expect(summaryMails.every((mail) => mail.status === 'sent')).toBe(true);
      const delivered = smtp.received.filter(
        (mail) => mail.parsed.subject === 'ERP Integrations Daily Summary',
      );
      const messageIds = delivered.map((mail) => mail.parsed.messageId);
      expect(new Set(messageIds).size).toBe(companies);
      for (const mail of summaryMails)
        expect(messageIds.some((id) => id?.startsWith(`<${mail.id}@`))).toBe(true);
      log(
        `daily summaries: ${companies} queued, ${delivered.length} deliveries of ${new Set(messageIds).size} Message-IDs`,
      );

      // Each event once in the log (a re-run export records no second one), and delivered at least once.
      const events = await ctx.database.db
        .selectFrom('company_events')
        .select(['id', 'company_id', 'type', 'data', 'at'])
        .execute();
      const perRequest = new Map<string, number>();
      for (const event of events.filter((e) => e.type.startsWith('request.'))) {
        const key = `${JSON.parse(event.data).requestId} ${event.type}`;
        perRequest.set(key, (perRequest.get(key) ?? 0) + 1);
      }
      expect([...perRequest].filter(([, n]) => n > 1)).toEqual([]);
      for (const item of items) expect(perRequest.get(`${item.requestId} request.synced`)).toBe(1);
      const received = new Map<string, Set<string>>();
      for (const hook of hooks.received) {
        const id = String(hook.headers['webhook-id']);
        received.set(id, (received.get(id) ?? new Set()).add(`${hook.path} ${hook.body}`));
      }
      // Events from before a company's webhook existed (its first sync) were not for it.
      const hooked = events.filter(
        (event) => event.at >= world.find((c) => c.companyId === event.company_id)!.hookedAt,
      );
      expect(hooked.filter((event) => !received.has(event.id))).toEqual([]);
      for (const event of hooked) {
        const copies = received.get(event.id)!;
        expect(copies.size).toBe(1); // every copy of an event is the same delivery, to its own company
        expect([...copies][0]!.startsWith(`/${event.company_id} `)).toBe(true);
      }
      expect(received.size).toBe(hooked.length);
      log(`webhooks: ${hooked.length} events, ${hooks.received.length} deliveries`);
    }, 300_000);
  },
);

/**
 * Sends the record to the ERP and answers its request's id. A try whose answer was lost (its process
 * killed) may have sent it: the record then names its request, and is not sent twice.
 */
async function ensureSent(api: Api, path: string): Promise<string> {
  const sent = await api.post(`${path}/send-to-erp`);
  if (sent.status === 201) return (sent.body as { requestId: string }).requestId;
  const record = await api.get(path);
  const requestId = (record.body as { erp?: { requestId?: string } }).erp?.requestId;
  if (!requestId) throw new Error(`send ${path}: ${sent.status} ${JSON.stringify(sent.body)}`);
  return requestId;
}

/** Accepts or rejects the request; a try whose answer was lost may have done it, which its status tells. */
async function ensureActed(api: Api, path: string, action: 'accept' | 'reject', options: object) {
  const acted = await api.post(`${path}/${action}`, { version: 1, ...options });
  if (acted.status === (action === 'accept' ? 202 : 200)) return;
  const { status } = (await api.get(path)).body as { status: string };
  const done = action === 'accept' ? ['exporting', 'synced'] : ['rejected'];
  if (!done.includes(status))
    throw new Error(`${action} ${path}: ${acted.status} ${JSON.stringify(acted.body)}`);
}

function scheduledSyncs(ctx: WorkflowContext) {
  return ctx.database.db
    .selectFrom('sync_runs')
    .select(['company_id', 'schedule_slot', 'status'])
    .where('trigger', '=', 'schedule')
    .execute();
}

function summaries(ctx: WorkflowContext) {
  return ctx.database.db
    .selectFrom('daily_summaries')
    .select(['user_id', 'company_id', 'status', 'mail_id'])
    .execute();
}
