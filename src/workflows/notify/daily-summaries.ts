import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { fromJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import { type CompanySettings, defaultSettings } from '../../domain/company.ts';
import { type ErpRequestKind, requestKinds } from '../../domain/lifecycle.ts';
import { dailyTimeHasCome } from '../../domain/local-time.ts';
import {
  renderDailySummaryMail,
  renderSummaryContent,
  type SummaryGroup,
} from '../../notify/emails/daily-summary.ts';
import { queuePath, requestPath } from '../../notify/links.ts';
import type { WorkflowContext } from '../context.ts';
import { queueMail } from './mail.ts';

/** The statuses that wait for an approver (or for a retry). */
export const waitingStatuses = ['ready_to_export', 'ready_to_update', 'failed'] as const;
/**
 * Items listed per kind, oldest first; the rest are counted with a link to the queue. Keeps a summary
 * readable and its size bounded (a company with 10,000 waiting items would otherwise mail megabytes to
 * every approver).
 */
export const summaryItemsPerKind = 50;
/** Approvers whose summaries are written per transaction. */
const batchSize = 100;

interface Recipient {
  userId: string;
  email: string;
  name: string;
}

/** Subscribed approvers of the company who have no summary row for the date yet. */
function recipientsWithout(db: Kysely<DB>, companyId: string, localDate: string): Promise<Recipient[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email', 'users.name'])
    .where('memberships.company_id', '=', companyId)
    .where('memberships.erp_permission', 'in', ['standard', 'admin'])
    .where('memberships.can_push_to_accounting', '=', 1)
    .where('memberships.subscribe_daily_summary', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('daily_summaries')
            .select('daily_summaries.id')
            .whereRef('daily_summaries.user_id', '=', 'memberships.user_id')
            .where('daily_summaries.company_id', '=', companyId)
            .where('daily_summaries.local_date', '=', localDate),
        ),
      ),
    )
    .orderBy('users.id')
    .execute();
}

/** The company's waiting items by kind: every count, and the oldest items of each kind. */
async function waitingGroups(ctx: WorkflowContext, companyId: string): Promise<SummaryGroup[]> {
  const { db } = ctx.database;
  const counts = await db
    .selectFrom('erp_requests')
    .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('company_id', '=', companyId)
    .where('status', 'in', waitingStatuses)
    .groupBy('kind')
    .execute();
  const totals = new Map(counts.map((c) => [c.kind, Number(c.n)]));
  const groups: SummaryGroup[] = [];
  for (const kind of requestKinds) {
    const total = totals.get(kind) ?? 0;
    if (total === 0) continue;
    const rows = await db
      .selectFrom('erp_requests')
      .innerJoin('users', 'users.id', 'erp_requests.sender_id')
      .select([
        'erp_requests.id',
        'erp_requests.subject_label',
        'erp_requests.status',
        'erp_requests.sent_at',
        'erp_requests.error',
        'users.email',
        'users.name',
      ])
      .where('erp_requests.company_id', '=', companyId)
      .where('erp_requests.kind', '=', kind)
      .where('erp_requests.status', 'in', waitingStatuses)
      .orderBy('erp_requests.sent_at')
      .orderBy('erp_requests.id')
      .limit(summaryItemsPerKind)
      .execute();
    groups.push({
      kind: kind as ErpRequestKind,
      total,
      link: `${ctx.publicUrl}${queuePath(companyId, kind)}`,
      items: rows.map((row) => {
        const error = fromJson<{ message?: string }>(row.error)?.message;
        return {
          label: row.subject_label,
          status: row.status,
          sender: { email: row.email, name: row.name },
          sentAt: row.sent_at,
          link: `${ctx.publicUrl}${requestPath(companyId, row.id)}`,
          ...(error && { error: error.length > 200 ? `${error.slice(0, 199)}…` : error }),
        };
      }),
    });
  }
  return groups;
}

/**
 * Inserts the (user, company, date) rows that have none yet, through `trx`, and answers the rows this
 * transaction inserted. The unique index decides between nodes: a node racing another one inserts
 * nothing for the users the other already has (on PostgreSQL it waits for the other's commit first).
 */
async function claimSummaries(
  trx: Kysely<DB>,
  rows: { userId: string; companyId: string; localDate: string; status: 'pending' | 'skipped'; at: Date }[],
): Promise<{ id: string; user_id: string }[]> {
  if (rows.length === 0) return [];
  return trx
    .insertInto('daily_summaries')
    .values(
      rows.map((r) => ({
        id: newId(),
        user_id: r.userId,
        company_id: r.companyId,
        local_date: r.localDate,
        status: r.status,
        mail_id: null,
        items: 0,
        created_at: r.at.toISOString(),
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'company_id', 'local_date']).doNothing())
    .returning(['id', 'user_id'])
    .execute();
}

/**
 * The scheduler's task (each minute, on every node): for each company whose daily summary time has come
 * on its local date, every subscribed approver without a summary for that date gets one — the "ERP
 * Integrations Daily Summary" mail, queued — if at least one item waits; else the date is marked
 * skipped for them, so a request sent later that day does not trigger a late summary.
 *
 * Never twice for the same user, company and local date: the row under that unique key is inserted
 * first (pending), and the mail is queued and the row marked in the same transaction. Restarts, more
 * nodes, a clock that jumps back or a repeated hour (daylight saving) find the row and do nothing; a
 * clock that jumps past the time, or a node that was down at that time, still sends that day.
 */
export async function queueDailySummaries(ctx: WorkflowContext, now: Date): Promise<number> {
  const { db } = ctx.database;
  const companies = await db
    .selectFrom('companies')
    .select(['id', 'name', 'time_zone', 'settings'])
    .execute();
  let queued = 0;
  for (const company of companies) {
    const { dailySummaryTime } = {
      ...defaultSettings,
      ...fromJson<Partial<CompanySettings>>(company.settings),
    };
    const { due, date } = dailyTimeHasCome(now, company.time_zone, dailySummaryTime);
    if (!due) continue;
    const recipients = await recipientsWithout(db, company.id, date);
    if (recipients.length === 0) continue;
    const base = { companyId: company.id, localDate: date, at: now };

    const groups = await waitingGroups(ctx, company.id);
    if (groups.length === 0) {
      await db.transaction().execute((trx) =>
        claimSummaries(
          trx,
          recipients.map((r) => ({ ...base, userId: r.userId, status: 'skipped' })),
        ),
      );
      continue;
    }
    const items = groups.reduce((n, g) => n + g.total, 0);
    const content = renderSummaryContent({
      companyName: company.name,
      localDate: date,
      groups,
      queueLink: `${ctx.publicUrl}${queuePath(company.id)}`,
      now,
    });
    const byUser = new Map(recipients.map((r) => [r.userId, r]));
    for (let i = 0; i < recipients.length; i += batchSize) {
      const batch = recipients.slice(i, i + batchSize);
      queued += await db.transaction().execute(async (trx) => {
        const claimed = await claimSummaries(
          trx,
          batch.map((r) => ({ ...base, userId: r.userId, status: 'pending' })),
        );
        for (const row of claimed) {
          const recipient = byUser.get(row.user_id)!;
          const mail = renderDailySummaryMail(recipient.name, company.name, content);
          const mailId = await queueMail(trx, ctx, { companyId: company.id, to: recipient.email, ...mail });
          await trx
            .updateTable('daily_summaries')
            .set({ status: 'queued', mail_id: mailId, items })
            .where('id', '=', row.id)
            .execute();
        }
        return claimed.length;
      });
    }
  }
  return queued;
}
