/**
 * The ERP Integrations Daily Summary for 1,000 subscribed approvers of a company with 10,000 waiting
 * items: the time of the scheduler tick that renders and queues every mail (mail rows, daily-summary
 * rows and delivery jobs), then of the next tick, which finds everything done. Target on the 2-core
 * machine: under 10 s on SQLite.
 * Run: node --import tsx bench/digest.ts   (PostgreSQL too when DATABASE_URL_TEST is set)
 */
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { newId } from '../src/db/ids.ts';
import { toJson } from '../src/db/json.ts';
import type { ErpRequestStatus } from '../src/domain/lifecycle.ts';
import { requestKinds } from '../src/domain/lifecycle.ts';
import { updateCompanySettings } from '../src/workflows/companies/update-company-settings.ts';
import { queueDailySummaries, summaryItemsPerKind } from '../src/workflows/notify/daily-summaries.ts';
import { loadActor } from '../src/workflows/shared/actors.ts';
import { testContext } from '../test/support/context.ts';
import { createScratchDatabase, dialects } from '../test/support/databases.ts';
import { makeCompany, makeOperator } from '../test/support/factories.ts';

const approvers = 1_000;
const items = 10_000;
const senders = 25;
const statuses: ErpRequestStatus[] = ['ready_to_export', 'ready_to_export', 'ready_to_update', 'failed'];

async function run(dialect: (typeof dialects)[number]) {
  const scratch = await createScratchDatabase(dialect);
  const database = openDatabase(scratch.url);
  await migrateToLatest(database);
  const now = new Date('2026-03-02T13:00:00Z'); // 07:00 in Chicago
  const ctx = testContext(database, { now: () => now });
  await ctx.queue.prepare();
  try {
    const operator = await makeOperator(ctx);
    const actor = (await loadActor(database.db, operator.id))!;
    const c = (await makeCompany(ctx, operator)).id;
    await updateCompanySettings(ctx, { actor, companyId: c, settings: { dailySummaryTime: '07:00' } });
    const at = new Date('2026-03-01T00:00:00Z').toISOString();
    const users = Array.from({ length: approvers + senders }, (_, i) => ({
      id: newId(),
      email: `user${i}@bench.test`,
      name: i < approvers ? `Approver ${i}` : `Sender ${i - approvers}`,
      password_hash: null,
      is_operator: 0 as const,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < users.length; i += 500) {
      const batch = users.slice(i, i + 500);
      await database.db.insertInto('users').values(batch).execute();
      await database.db
        .insertInto('memberships')
        .values(
          batch.map((u) => ({
            company_id: c,
            user_id: u.id,
            erp_permission: u.name.startsWith('Approver') ? ('standard' as const) : ('none' as const),
            project_permission: u.name.startsWith('Approver') ? ('none' as const) : ('admin' as const),
            can_push_to_accounting: u.name.startsWith('Approver') ? (1 as const) : (0 as const),
            subscribe_daily_summary: 1 as const,
            version: 1,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
    const senderIds = users.slice(approvers).map((u) => u.id);
    for (let i = 0; i < items; i += 500) {
      await database.db
        .insertInto('erp_requests')
        .values(
          Array.from({ length: Math.min(500, items - i) }, (_, j) => {
            const n = i + j;
            const status = statuses[n % statuses.length]!;
            return {
              id: newId(),
              company_id: c,
              kind: requestKinds[n % requestKinds.length]!,
              subject_id: newId(),
              subject_label: `Record ${n} — Riverside Medical Office, phase ${n % 40}`,
              status,
              version: 1,
              sender_id: senderIds[n % senders]!,
              sent_at: new Date(Date.parse(at) - n * 60_000).toISOString(),
              snapshot: '{}',
              requested_updates: null,
              preflight: toJson({ ok: true, problems: [] }),
              accept_options: null,
              result: null,
              error: status === 'failed' ? toJson({ message: 'Job 24-001 already exists in the ERP' }) : null,
              attempts: 0,
              updated_at: at,
            };
          }),
        )
        .execute();
    }

    const t0 = performance.now();
    const queued = await queueDailySummaries(ctx, now);
    const t1 = performance.now();
    const again = await queueDailySummaries(ctx, new Date(now.getTime() + 60_000));
    const t2 = performance.now();
    const size = await database.db
      .selectFrom('mail_outbox')
      .select((eb) => [
        eb.fn.countAll<number>().as('mails'),
        eb.fn.sum<number>(eb.fn('length', ['html'])).as('html'),
        eb.fn.sum<number>(eb.fn('length', ['text'])).as('text'),
      ])
      .executeTakeFirstOrThrow();
    const jobs = await ctx.queue.stats();
    if (queued !== approvers || again !== 0 || Number(size.mails) !== approvers || jobs.waiting < approvers)
      throw new Error(
        `unexpected: queued ${queued}, again ${again}, mails ${size.mails}, jobs ${jobs.waiting}`,
      );
    return {
      dialect,
      tick: t1 - t0,
      nextTick: t2 - t1,
      htmlKb: Number(size.html) / approvers / 1024,
      textKb: Number(size.text) / approvers / 1024,
    };
  } finally {
    await ctx.queue.stop();
    await database.close();
    await scratch.drop();
  }
}

console.log(
  `${approvers} approvers × ${items} waiting items (${summaryItemsPerKind} listed per kind, ${requestKinds.length} kinds)`,
);
for (const dialect of dialects) {
  await run(dialect); // warm-up: JIT and statement caches
  const r = await run(dialect);
  console.log(
    `${r.dialect.padEnd(8)} render + queue ${approvers} mails: ${(r.tick / 1000).toFixed(2)} s ` +
      `(${(r.tick / approvers).toFixed(2)} ms per mail; html ${r.htmlKb.toFixed(1)} KiB, text ${r.textKb.toFixed(1)} KiB each); ` +
      `next tick (nothing to do): ${r.nextTick.toFixed(0)} ms`,
  );
}
