import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErpRequestKind, ErpRequestStatus } from '../../src/domain/lifecycle.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { scheduledTasks } from '../../src/server.ts';
import { updateCompanySettings } from '../../src/workflows/companies/update-company-settings.ts';
import { updateCompanyUser } from '../../src/workflows/companies/update-company-user.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { testContext } from '../support/context.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator, type TestUser } from '../support/factories.ts';
import { makeErpRequest, makeVendor } from '../support/records.ts';

const at = (iso: string) => new Date(iso);
const minutes = (n: number) => n * 60_000;

/** A clock the test moves by hand. */
function fakeClock(start: string) {
  let now = at(start);
  return {
    now: () => now,
    set: (instant: Date) => {
      now = instant;
    },
  };
}

const otherNode = fileURLToPath(new URL('./support/summary-node.ts', import.meta.url));

/** Another node on the same database: a child process whose scheduler ticks when told. */
function startOtherNode(url: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', otherNode, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const nextLine = async () => {
    await until(() => lines.length > 0, 20_000, 2);
    return lines.shift()!;
  };
  return {
    ready: async () => expect(await nextLine()).toBe('ready'),
    async tick(now: Date): Promise<string[]> {
      child.stdin!.write(`tick ${now.toISOString()}\n`);
      const errors: string[] = [];
      for (let line = await nextLine(); line !== 'ticked'; line = await nextLine()) errors.push(line);
      return errors;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

describe.each(dialects)('the ERP Integrations Daily Summary on %s', (dialect) => {
  const db = useTestDatabase(dialect);
  const clock = fakeClock('2025-01-15T00:00:00Z');
  let ctx: WorkflowContext;
  const errors: unknown[] = [];
  let scheduler: ReturnType<typeof createScheduler>;

  beforeAll(async () => {
    ctx = testContext(db.current, clock);
    await ctx.queue.prepare();
    scheduler = createScheduler(scheduledTasks(ctx), { clock, onError: (e) => errors.push(e) });
  });

  /** A company with two subscribed approvers, one unsubscribed approver, an ERP admin who is no approver. */
  async function company(setup: { timeZone: string; time: string; waiting?: number }) {
    const operator = await makeOperator(ctx);
    const actor = (await loadActor(ctx.database.db, operator.id))!;
    const { id } = await makeCompany(ctx, operator);
    await updateCompanySettings(ctx, {
      actor,
      companyId: id,
      settings: { dailySummaryTime: setup.time, syncSchedule: 'off' },
      timeZone: setup.timeZone,
    });
    const approver = () => makeMember(ctx, operator, id, { erp: 'standard', canPushToAccounting: true });
    const subscribed = [
      await approver(),
      await makeMember(ctx, operator, id, { erp: 'admin', canPushToAccounting: true }),
    ];
    const unsubscribed = await approver();
    await updateCompanyUser(ctx, {
      actor,
      companyId: id,
      userId: unsubscribed.id,
      subscribeDailySummary: false,
    });
    const notApprovers = [
      await makeMember(ctx, operator, id, { erp: 'admin' }),
      await makeMember(ctx, operator, id, { erp: 'read_only', canPushToAccounting: true }),
    ];
    const pm = await makeMember(ctx, operator, id, { project: 'admin' });
    const send = async (status: ErpRequestStatus = 'ready_to_export', kind: ErpRequestKind = 'vendor') => {
      const vendor = await makeVendor(ctx, pm, id);
      return makeErpRequest(ctx, { companyId: id, kind, subjectId: vendor.id, senderId: pm.id, status });
    };
    for (let i = 0; i < (setup.waiting ?? 2); i++) await send();
    await send('synced'); // not waiting
    return { id, subscribed, unsubscribed, notApprovers, send };
  }

  const summaries = (companyId: string) =>
    ctx.database.db
      .selectFrom('daily_summaries')
      .leftJoin('mail_outbox', 'mail_outbox.id', 'daily_summaries.mail_id')
      .select([
        'daily_summaries.user_id',
        'daily_summaries.local_date',
        'daily_summaries.status',
        'daily_summaries.created_at',
        'daily_summaries.items',
        'mail_outbox.subject',
      ])
      .where('daily_summaries.company_id', '=', companyId)
      .orderBy('daily_summaries.local_date')
      .orderBy('daily_summaries.user_id')
      .execute();
  const mails = (companyId: string) =>
    ctx.database.db
      .selectFrom('mail_outbox')
      .select(['to', 'subject', 'created_at'])
      .where('company_id', '=', companyId)
      .orderBy('to')
      .execute();
  const emails = (users: TestUser[]) => users.map((u) => u.email).sort();

  /** Ticks once a minute from `from` to `to` (inclusive) on this node. */
  async function tickEveryMinute(from: string, to: string) {
    for (let t = at(from).getTime(); t <= at(to).getTime(); t += minutes(1)) {
      clock.set(new Date(t));
      await scheduler.tick();
    }
    expect(errors).toEqual([]);
  }

  it('queues exactly one summary per subscribed approver and day when two nodes race on one database', async () => {
    const c = await company({ timeZone: 'America/Chicago', time: '07:00', waiting: 3 });
    const there = startOtherNode(db.current.url);
    const remoteErrors: string[] = [];
    try {
      await there.ready();
      // 06:55 to 07:10 in Chicago (UTC−6 in January), both nodes ticking in the same instant…
      for (
        let t = at('2025-01-15T12:55:00Z').getTime();
        t <= at('2025-01-15T13:10:00Z').getTime();
        t += minutes(1)
      ) {
        clock.set(new Date(t));
        const [, remote] = await Promise.all([scheduler.tick(), there.tick(new Date(t))]);
        remoteErrors.push(...remote);
      }
      // …then restarted nodes and a clock that jumps back an hour and forward again.
      for (const t of ['2025-01-15T12:00:00Z', '2025-01-15T13:30:00Z', '2025-01-15T23:59:00Z']) {
        clock.set(at(t));
        const [, remote] = await Promise.all([scheduler.tick(), there.tick(at(t))]);
        remoteErrors.push(...remote);
      }
    } finally {
      await there.stop();
    }
    expect(errors).toEqual([]);
    expect(remoteErrors).toEqual([]);

    const rows = await summaries(c.id);
    expect(rows.map((r) => [r.local_date, r.status, r.items, r.subject])).toEqual(
      c.subscribed.map(() => ['2025-01-15', 'queued', 3, 'ERP Integrations Daily Summary']),
    );
    expect(rows.map((r) => r.created_at)).toEqual(c.subscribed.map(() => '2025-01-15T13:00:00.000Z'));
    const sent = await mails(c.id);
    expect(sent.map((m) => m.to)).toEqual(emails(c.subscribed));
    // One delivery job per mail, enqueued by the winning transaction only.
    const jobs = await ctx.queue.stats();
    expect(jobs.waiting).toBeGreaterThanOrEqual(sent.length);

    // The next day, one more each.
    await tickEveryMinute('2025-01-16T12:58:00Z', '2025-01-16T13:02:00Z');
    expect((await summaries(c.id)).map((r) => r.local_date)).toEqual([
      '2025-01-15',
      '2025-01-15',
      '2025-01-16',
      '2025-01-16',
    ]);
  });

  it('sends once on the day clocks spring forward, when the time does not exist (02:30 → at 03:00)', async () => {
    const c = await company({ timeZone: 'America/Chicago', time: '02:30' });
    // 9 March 2025: 01:50 CST … 01:59 CST, 03:00 CDT … 03:40 CDT.
    await tickEveryMinute('2025-03-09T07:50:00Z', '2025-03-09T08:40:00Z');
    const rows = await summaries(c.id);
    expect(rows.map((r) => [r.local_date, r.status, r.created_at])).toEqual(
      c.subscribed.map(() => ['2025-03-09', 'queued', '2025-03-09T08:00:00.000Z']),
    );
  });

  it('sends once on the day clocks fall back, although the time happens twice', async () => {
    const c = await company({ timeZone: 'America/Chicago', time: '01:30' });
    // 2 November 2025: 01:00–01:59 CDT (06:00–06:59Z), then 01:00–01:59 CST (07:00–07:59Z).
    await tickEveryMinute('2025-11-02T06:00:00Z', '2025-11-02T08:05:00Z');
    const rows = await summaries(c.id);
    expect(rows.map((r) => [r.local_date, r.created_at])).toEqual(
      c.subscribed.map(() => ['2025-11-02', '2025-11-02T06:30:00.000Z']),
    );
    expect((await mails(c.id)).map((m) => m.to)).toEqual(emails(c.subscribed));
  });

  it('still sends when the clock jumps past the time, and never again when it jumps back', async () => {
    const c = await company({ timeZone: 'Europe/Berlin', time: '08:00' });
    // Berlin is UTC+1 in February: 07:00 local, then a jump to 11:00 local.
    clock.set(at('2025-02-03T06:00:00Z'));
    await scheduler.tick();
    expect(await summaries(c.id)).toEqual([]);
    clock.set(at('2025-02-03T10:00:00Z'));
    await scheduler.tick();
    expect((await summaries(c.id)).map((r) => r.created_at)).toEqual(
      c.subscribed.map(() => '2025-02-03T10:00:00.000Z'),
    );
    // Back to 07:30 local and through 08:00 again: nothing new.
    await tickEveryMinute('2025-02-03T06:30:00Z', '2025-02-03T07:05:00Z');
    expect(await summaries(c.id)).toHaveLength(2);
    expect(await mails(c.id)).toHaveLength(2);
  });

  it('skips unsubscribed approvers and non-approvers, and mails nobody on a day when nothing waits', async () => {
    const quiet = await company({ timeZone: 'UTC', time: '09:00', waiting: 0 });
    await tickEveryMinute('2025-04-01T08:58:00Z', '2025-04-01T09:02:00Z');
    expect((await summaries(quiet.id)).map((r) => [r.status, r.subject])).toEqual(
      quiet.subscribed.map(() => ['skipped', null]),
    );
    // Something arrives after the time: no late summary that day…
    await quiet.send('failed', 'project');
    await tickEveryMinute('2025-04-01T12:00:00Z', '2025-04-01T12:01:00Z');
    expect(await mails(quiet.id)).toEqual([]);
    // …but the next day lists it.
    await tickEveryMinute('2025-04-02T09:00:00Z', '2025-04-02T09:01:00Z');
    const sent = await mails(quiet.id);
    expect(sent.map((m) => m.to)).toEqual(emails(quiet.subscribed));
    for (const user of [quiet.unsubscribed, ...quiet.notApprovers])
      expect(sent.map((m) => m.to)).not.toContain(user.email);
    const statuses = await ctx.database.db
      .selectFrom('mail_outbox')
      .select('status')
      .where('company_id', '=', quiet.id)
      .execute();
    // No worker runs here: the mails wait in the outbox for one.
    expect(statuses.every((m) => m.status === 'queued')).toBe(true);
  });
});
