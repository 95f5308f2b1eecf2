import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SyncSchedule } from '../../src/domain/company.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { updateCompanySettings } from '../../src/workflows/companies/update-company-settings.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { putErpConnection } from '../../src/workflows/sync/put-erp-connection.ts';
import { queueScheduledSyncs } from '../../src/workflows/sync/queue-scheduled-syncs.ts';
import { currentSyncSlot } from '../../src/workflows/sync/sync-slots.ts';
import { testContext } from '../support/context.ts';
import { dialects, until, useTestDatabase } from '../support/databases.ts';
import { makeCompany, makeOperator } from '../support/factories.ts';

const at = (iso: string) => new Date(iso);
const slot = (schedule: SyncSchedule, zone: string, now: string) =>
  currentSyncSlot(schedule, zone, at(now))?.toISOString();

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

describe('sync slots', () => {
  it('has none when the schedule is off', () => {
    expect(slot('off', 'America/Chicago', '2025-01-15T15:30:00Z')).toBeUndefined();
  });

  it('starts a slot every quarter hour, a slot starting exactly now included', () => {
    expect(slot('15m', 'America/Chicago', '2025-01-15T15:44:59.999Z')).toBe('2025-01-15T15:30:00.000Z');
    expect(slot('15m', 'America/Chicago', '2025-01-15T15:45:00.000Z')).toBe('2025-01-15T15:45:00.000Z');
  });

  it('starts hourly slots on the local hour (Kathmandu is UTC+5:45)', () => {
    expect(slot('hourly', 'Asia/Kathmandu', '2025-01-15T12:07:00Z')).toBe('2025-01-15T11:15:00.000Z');
    expect(slot('hourly', 'UTC', '2025-01-15T12:07:00Z')).toBe('2025-01-15T12:00:00.000Z');
  });

  it('starts 4-hour slots at local midnight, 04:00, 08:00…', () => {
    // 15:30Z is 09:30 in Chicago (UTC−6 in January): the slot began at 08:00 local.
    expect(slot('4h', 'America/Chicago', '2025-01-15T15:30:00Z')).toBe('2025-01-15T14:00:00.000Z');
  });

  it('starts the daily slot at 02:00 local time, also across daylight-saving changes', () => {
    expect(slot('daily', 'America/Chicago', '2025-01-15T15:30:00Z')).toBe('2025-01-15T08:00:00.000Z');
    expect(slot('daily', 'America/Chicago', '2025-01-15T07:59:59.999Z')).toBe('2025-01-14T08:00:00.000Z');
    // In July Chicago is UTC−5.
    expect(slot('daily', 'America/Chicago', '2025-07-01T12:00:00Z')).toBe('2025-07-01T07:00:00.000Z');
    // On 9 March 2025 the clocks jump from 02:00 to 03:00: the slot starts at 03:00 CDT.
    expect(slot('daily', 'America/Chicago', '2025-03-09T12:00:00Z')).toBe('2025-03-09T08:00:00.000Z');
    expect(slot('daily', 'Europe/Berlin', '2025-01-15T12:00:00Z')).toBe('2025-01-15T01:00:00.000Z');
  });
});

describe('scheduler', () => {
  it('ticks when it starts, then wakes on its pattern with the time of its clock until stopped', async () => {
    const clock = fakeClock('2025-01-15T08:00:00Z');
    const seen: string[] = [];
    const task = async (now: Date) => void seen.push(now.toISOString());
    // Once a year: only the start's own tick can come within the test.
    const yearly = createScheduler([task], { clock, pattern: '0 0 0 1 1 *' });
    yearly.start();
    await until(() => seen.length > 0, 500);
    await yearly.stop();
    expect(seen).toEqual(['2025-01-15T08:00:00.000Z']);

    const everySecond = createScheduler([task], { clock, pattern: '* * * * * *' });
    everySecond.start();
    await until(() => seen.length > 2, 3000);
    await everySecond.stop();
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(seen.length).toBe(count);
  });

  it('reports a failing task and still runs the others', async () => {
    const errors: unknown[] = [];
    let ran = false;
    const scheduler = createScheduler(
      [
        async () => {
          throw new Error('database down');
        },
        async () => {
          ran = true;
        },
      ],
      { clock: fakeClock('2025-01-15T08:00:00Z'), onError: (error) => errors.push(error) },
    );
    await scheduler.tick();
    expect(ran).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['database down']);
  });
});

const otherNode = fileURLToPath(new URL('./support/scheduler-node.ts', import.meta.url));

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
    /** One tick at `now`; answers the errors its tasks reported. */
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

describe.each(dialects)('scheduled syncs on %s', (dialect) => {
  const db = useTestDatabase(dialect);

  async function company(
    ctx: WorkflowContext,
    setup: { schedule: SyncSchedule; timeZone: string; connected: boolean },
  ): Promise<string> {
    const operator = await makeOperator(ctx);
    const actor = (await loadActor(ctx.database.db, operator.id))!;
    const { id } = await makeCompany(ctx, operator);
    await updateCompanySettings(ctx, {
      actor,
      companyId: id,
      settings: { syncSchedule: setup.schedule },
      timeZone: setup.timeZone,
    });
    if (setup.connected) {
      await putErpConnection(ctx, {
        actor,
        companyId: id,
        connection: {
          system: 'spectrum',
          baseUrl: 'http://127.0.0.1:9',
          authorizationId: 'DEMO',
          companyCode: '001',
          standardJob: 'STANDARD',
        },
      });
    }
    return id;
  }

  it('queues exactly one run per company and slot when two nodes race on one database', async () => {
    const clock = fakeClock('2025-01-15T07:50:00Z');
    const ctx = testContext(db.current, clock);
    await ctx.queue.prepare();
    const quarterly = await company(ctx, { schedule: '15m', timeZone: 'America/Chicago', connected: true });
    const hourly = await company(ctx, { schedule: 'hourly', timeZone: 'Asia/Kathmandu', connected: true });
    const daily = await company(ctx, { schedule: 'daily', timeZone: 'America/Chicago', connected: true });
    const off = await company(ctx, { schedule: 'off', timeZone: 'America/Chicago', connected: true });
    const unconnected = await company(ctx, { schedule: '15m', timeZone: 'UTC', connected: false });

    const errors: unknown[] = [];
    const here = createScheduler([(now) => queueScheduledSyncs(ctx, now)], {
      clock,
      onError: (e) => errors.push(e),
    });
    const there = startOtherNode(db.current.url);
    try {
      await there.ready();
      // 07:50 to 09:20 UTC, one tick a minute on both nodes at once.
      for (let minute = 0; minute <= 90; minute++) {
        const now = new Date(at('2025-01-15T07:50:00Z').getTime() + minute * 60_000);
        clock.set(now);
        const [, remoteErrors] = await Promise.all([here.tick(), there.tick(now)]);
        errors.push(...remoteErrors);
      }
    } finally {
      await there.stop();
    }
    expect(errors).toEqual([]);

    const runs = await db.current.db
      .selectFrom('sync_runs')
      .select(['company_id', 'schedule_slot', 'trigger', 'status'])
      .orderBy('schedule_slot')
      .execute();
    const slotsOf = (companyId: string) =>
      runs.filter((r) => r.company_id === companyId).map((r) => r.schedule_slot);
    // The first tick finds the slot under way (07:45) and queues it: a node that was down catches up.
    expect(slotsOf(quarterly)).toEqual(
      ['07:45', '08:00', '08:15', '08:30', '08:45', '09:00', '09:15'].map((t) => `2025-01-15T${t}:00.000Z`),
    );
    // Kathmandu's hours start at a quarter past the UTC hour.
    expect(slotsOf(hourly)).toEqual(['07:15', '08:15', '09:15'].map((t) => `2025-01-15T${t}:00.000Z`));
    // 02:00 in Chicago is 08:00 UTC in January; at 07:50 yesterday's slot had not run yet.
    expect(slotsOf(daily)).toEqual(['2025-01-14T08:00:00.000Z', '2025-01-15T08:00:00.000Z']);
    expect(slotsOf(off)).toEqual([]);
    expect(slotsOf(unconnected)).toEqual([]);
    expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'queued')).toBe(true);
    // One job per run: only the winning insert's transaction enqueued one.
    expect((await ctx.queue.stats()).waiting).toBe(runs.length);
  });
});
