import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/db/json.ts';
import { updateCompanySettings } from '../../src/workflows/companies/update-company-settings.ts';
import { queueDailySummaries, summaryItemsPerKind } from '../../src/workflows/notify/daily-summaries.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { dialects, until } from '../support/databases.ts';
import { makeCompany, makeMember, makeOperator, unique } from '../support/factories.ts';
import { testPublicUrl, useNotifyWorld } from '../support/notify-world.ts';
import { makeErpRequest } from '../support/records.ts';

let now = new Date('2025-06-10T12:00:00Z');
const clock = { now: () => now };

/** The summary as an approver's mail client receives it: real SMTP, parsed with postal-mime. */
describe.each(dialects)('the daily summary mail on %s', (dialect) => {
  const w = useNotifyWorld(dialect, clock);

  it('lists the waiting items grouped by kind, each with its sender, age and link', async () => {
    const { ctx, database } = w.current;
    const operator = await makeOperator(ctx);
    const actor = (await loadActor(database.db, operator.id))!;
    const companyId = (await makeCompany(ctx, operator)).id;
    await updateCompanySettings(ctx, {
      actor,
      companyId,
      settings: { dailySummaryTime: '07:00', syncSchedule: 'off' },
      timeZone: 'America/New_York',
    });
    const approver = await makeMember(ctx, operator, companyId, {
      erp: 'standard',
      canPushToAccounting: true,
    });
    const pm = await makeMember(ctx, operator, companyId, { project: 'admin' });
    const buyer = await makeMember(ctx, operator, companyId, { project: 'admin' });

    const request = async (
      kind: 'project' | 'vendor' | 'budget',
      label: string,
      sender: { id: string },
      sentAt: string,
      status: 'ready_to_export' | 'ready_to_update' | 'failed' | 'synced' = 'ready_to_export',
    ) => {
      const id = await makeErpRequest(ctx, {
        companyId,
        kind,
        subjectId: unique('subject'),
        senderId: sender.id,
        status,
      });
      await database.db
        .updateTable('erp_requests')
        .set({
          subject_label: label,
          sent_at: sentAt,
          error: status === 'failed' ? toJson({ message: 'Job J7 already exists in the ERP' }) : null,
        })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const tower = await request('project', 'Harbor Tower', pm, '2025-06-07T11:00:00Z');
    const failed = await request('project', 'Orchard School', pm, '2025-06-10T09:00:00Z', 'failed');
    const bolt = await request('vendor', 'Bolt Concrete Works', buyer, '2025-06-10T10:45:00Z');
    const budget = await request(
      'budget',
      'Harbor Tower budget',
      pm,
      '2025-06-09T10:00:00Z',
      'ready_to_update',
    );
    await request('vendor', 'Already synced vendor', buyer, '2025-06-01T10:00:00Z', 'synced');

    // 07:00 in New York (UTC−4 in June) is 11:00Z; the summary goes out on that minute's tick.
    now = new Date('2025-06-10T11:00:00Z');
    expect(await queueDailySummaries(ctx, now)).toBe(1);
    const mail = await until(() => w.current.smtp.received.find((m) => m.to.includes(approver.email)));
    const { parsed } = mail;
    expect(parsed.subject).toBe('ERP Integrations Daily Summary');
    const text = parsed.text!;
    expect(text).toContain('4 items wait in the ERP Integrations queue');
    // Grouped by kind, in the queue's order of kinds, oldest first within a kind.
    const order = [
      'Projects (2)',
      'Harbor Tower',
      'Orchard School',
      'Budgets (1)',
      'Vendors (1)',
      'Bolt Concrete',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).not.toContain('Already synced vendor');
    // Sender, age, status and link of each item.
    expect(text).toContain(`Harbor Tower (ready to export), sent by ${pm.email}, 3 days ago`);
    expect(text).toContain(
      `Orchard School (failed: Job J7 already exists in the ERP), sent by ${pm.email}, 2 hours ago`,
    );
    expect(text).toContain(`Bolt Concrete Works (ready to export), sent by ${buyer.email}, 15 minutes ago`);
    expect(text).toContain(`Harbor Tower budget (ready to update), sent by ${pm.email}, 25 hours ago`);
    for (const id of [tower, failed, bolt, budget]) {
      const link = `${testPublicUrl}/companies/${companyId}/erp/requests/${id}`;
      expect(text).toContain(link);
      expect(parsed.html).toContain(`href="${link}"`);
    }
    expect(text).toContain(`Open the queue: ${testPublicUrl}/companies/${companyId}/erp/requests`);

    // Delivered once, and marked so.
    await until(async () => {
      const row = await database.db
        .selectFrom('mail_outbox')
        .select('status')
        .where('company_id', '=', companyId)
        .executeTakeFirst();
      return row?.status === 'sent';
    });
    expect(await queueDailySummaries(ctx, new Date('2025-06-10T11:01:00Z'))).toBe(0);
  });

  it(`lists at most ${summaryItemsPerKind} items of a kind, and counts and links the rest`, async () => {
    const { ctx, database } = w.current;
    const operator = await makeOperator(ctx);
    const actor = (await loadActor(database.db, operator.id))!;
    const companyId = (await makeCompany(ctx, operator)).id;
    await updateCompanySettings(ctx, {
      actor,
      companyId,
      settings: { dailySummaryTime: '06:00' },
      timeZone: 'UTC',
    });
    const approver = await makeMember(ctx, operator, companyId, { erp: 'admin', canPushToAccounting: true });
    const pm = await makeMember(ctx, operator, companyId, { project: 'admin' });
    for (let i = 0; i < summaryItemsPerKind + 3; i++)
      await makeErpRequest(ctx, { companyId, kind: 'vendor', subjectId: unique('vendor'), senderId: pm.id });
    now = new Date('2025-06-11T06:00:00Z');
    await queueDailySummaries(ctx, now);
    const mail = await until(() => w.current.smtp.received.find((m) => m.to.includes(approver.email)));
    const text = mail.parsed.text!;
    expect(text).toContain(`Vendors (${summaryItemsPerKind + 3})`);
    expect(text.match(/ sent by /g)).toHaveLength(summaryItemsPerKind);
    expect(text).toContain(`… and 3 more: ${testPublicUrl}/companies/${companyId}/erp/requests?kind=vendor`);
  });
});
