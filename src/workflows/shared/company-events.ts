import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import { together } from '../../db/together.ts';
import type { CompanyEventType, RequestEventData, SyncEventData } from '../../domain/company-events.ts';
import type { WorkflowContext } from '../context.ts';
import { type WebhookJob, webhookJobKind, webhookMaxAttempts } from '../notify/deliver-webhook.ts';

export type CompanyEvent =
  | { type: Exclude<CompanyEventType, 'sync.finished'>; data: RequestEventData }
  | { type: 'sync.finished'; data: SyncEventData };

/** A pending delivery of the event to the webhook, and its job, through the caller's transaction. */
export async function queueWebhookDelivery(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  delivery: { companyId: string; webhookId: string; eventId: string; replayOf?: string; at: Date },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('webhook_deliveries')
    .values({
      id,
      webhook_id: delivery.webhookId,
      event_id: delivery.eventId,
      status: 'pending',
      attempts: 0,
      response_status: null,
      last_error: null,
      replay_of: delivery.replayOf ?? null,
      created_at: delivery.at.toISOString(),
      delivered_at: null,
    })
    .execute();
  const job: WebhookJob = { deliveryId: id };
  await ctx.queue.enqueue(trx, webhookJobKind, job, {
    key: `${webhookJobKind}:${id}`,
    maxAttempts: webhookMaxAttempts,
    group: delivery.companyId,
  });
  return id;
}

type CompanyEventRecord = CompanyEvent & { companyId: string; at: Date };

/**
 * Records company events in the caller's transaction, so they exist exactly when the change they report
 * committed; each active webhook of the company that takes an event's type gets a delivery and its job
 * in the same transaction. Live screens tail the table (see companyEventTail). Answers the events' ids.
 */
export async function recordCompanyEvents(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  events: readonly CompanyEventRecord[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => ({
    id: newId(),
    company_id: event.companyId,
    type: event.type,
    data: toJson(event.data),
    at: event.at.toISOString(),
  }));
  // Issued together: on a pipelined connection, one round trip.
  const [, webhooks] = await together([
    trx.insertInto('company_events').values(rows).execute(),
    trx
      .selectFrom('webhooks')
      .select(['id', 'company_id', 'events'])
      .where('company_id', 'in', [...new Set(rows.map((row) => row.company_id))])
      .where('active', '=', 1)
      .execute(),
  ]);
  for (const webhook of webhooks) {
    const types = fromJson<string[]>(webhook.events);
    for (const [i, event] of events.entries()) {
      if (event.companyId !== webhook.company_id || !types.includes(event.type)) continue;
      await queueWebhookDelivery(trx, ctx, {
        companyId: webhook.company_id,
        webhookId: webhook.id,
        eventId: rows[i]!.id,
        at: event.at,
      });
    }
  }
  return rows.map((row) => row.id);
}

/** One company event (see recordCompanyEvents); answers its id. */
export async function recordCompanyEvent(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  event: CompanyEventRecord,
): Promise<string> {
  const [id] = await recordCompanyEvents(trx, ctx, [event]);
  return id!;
}
