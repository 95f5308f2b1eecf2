import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { CompanyEventType, RequestEventData, SyncEventData } from '../../domain/company-events.ts';
import type { WorkflowContext } from '../context.ts';

export const webhookJobKind = 'webhook.deliver';
/** With the queue's backoff (1 s doubling, capped at 5 min) about 40 minutes of retries. */
export const webhookMaxAttempts = 15;

export interface WebhookJob {
  deliveryId: string;
}

export type CompanyEvent =
  | { type: Exclude<CompanyEventType, 'sync.finished'>; data: RequestEventData }
  | { type: 'sync.finished'; data: SyncEventData };

/** A pending delivery of the event to the webhook, and its job, through the caller's transaction. */
export async function queueWebhookDelivery(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  delivery: { webhookId: string; eventId: string; replayOf?: string; at: Date },
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
  });
  return id;
}

/**
 * Records a company event in the caller's transaction, so it exists exactly when the change it reports
 * committed; each active webhook of the company that takes this type gets a delivery and its job in
 * the same transaction. Live screens tail the table (see companyEventTail).
 */
export async function recordCompanyEvent(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  event: CompanyEvent & { companyId: string; at: Date },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('company_events')
    .values({
      id,
      company_id: event.companyId,
      type: event.type,
      data: toJson(event.data),
      at: event.at.toISOString(),
    })
    .execute();
  const webhooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('company_id', '=', event.companyId)
    .where('active', '=', 1)
    .execute();
  for (const webhook of webhooks) {
    if (!fromJson<string[]>(webhook.events).includes(event.type)) continue;
    await queueWebhookDelivery(trx, ctx, { webhookId: webhook.id, eventId: id, at: event.at });
  }
  return id;
}
