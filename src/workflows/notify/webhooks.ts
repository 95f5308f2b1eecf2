import { randomBytes } from 'node:crypto';
import { newId } from '../../db/ids.ts';
import { fromJson, toJson } from '../../db/json.ts';
import { splitPage } from '../../db/paging.ts';
import type { WebhookDeliveryStatus } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { CompanyEventType } from '../../domain/company-events.ts';
import { invalidField, invalidState, notFound } from '../../domain/errors.ts';
import { newWebhookSecret } from '../../notify/webhook-signature.ts';
import { refusalOfUrl } from '../../security/outbound-policy.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { queueWebhookDelivery } from '../shared/company-events.ts';

export interface WebhookView {
  id: string;
  url: string;
  events: CompanyEventType[];
  active: boolean;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  replayOf: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const toView = (row: { id: string; url: string; events: string; active: number; created_at: string }) => ({
  id: row.id,
  url: row.url,
  events: fromJson<CompanyEventType[]>(row.events),
  active: row.active === 1,
  createdAt: row.created_at,
});

/** The webhook of the company (deleted ones too); another company's is "not found". */
export async function loadWebhook(ctx: WorkflowContext, companyId: string, webhookId: string) {
  const row = await ctx.database.db
    .selectFrom('webhooks')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', webhookId)
    .executeTakeFirst();
  if (!row) throw notFound('Webhook');
  return row;
}

/** A new webhook; its signing secret is answered this once and stored sealed. */
export async function createWebhook(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; url: string; events: CompanyEventType[] },
): Promise<WebhookView & { secret: string }> {
  // Only an IP written in the URL is judged now; a host name is judged on its addresses at each delivery.
  const refused = refusalOfUrl(ctx.outbound.webhook, props.url);
  if (refused) throw invalidField('url', refused);
  const secret = newWebhookSecret(randomBytes);
  const now = ctx.clock.now();
  const row = {
    id: newId(),
    company_id: props.companyId,
    url: props.url,
    events: toJson([...new Set(props.events)]),
    secret: ctx.secrets.seal(secret),
    previous_secret: null,
    previous_secret_expires_at: null,
    active: 1 as const,
    created_by: props.actor.userId,
    created_at: now.toISOString(),
    deleted_at: null,
  };
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('webhooks').values(row).execute();
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: row.id,
      after: { url: row.url, events: fromJson(row.events) },
      at: now,
    });
  });
  return { ...toView(row), secret };
}

/** The company's active webhooks, oldest first (secrets never leave). */
export async function listWebhooks(
  ctx: WorkflowContext,
  props: { companyId: string; limit: number; cursor?: string },
): Promise<{ items: WebhookView[]; nextCursor: string | null }> {
  let query = ctx.database.db
    .selectFrom('webhooks')
    .select(['id', 'url', 'events', 'active', 'created_at'])
    .where('company_id', '=', props.companyId)
    .where('active', '=', 1)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const { page, nextCursor } = splitPage(await query.execute(), props.limit, (row) => row.id);
  return { items: page.map(toView), nextCursor };
}

/**
 * Stops the webhook: no new deliveries, pending ones end `failed`. Its deliveries stay readable. Deleting
 * a deleted webhook again changes nothing (DELETE is idempotent).
 */
export async function deleteWebhook(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; webhookId: string },
): Promise<void> {
  const webhook = await loadWebhook(ctx, props.companyId, props.webhookId);
  if (webhook.active === 0) return;
  const now = ctx.clock.now();
  await ctx.database.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('webhooks')
      .set({ active: 0, deleted_at: now.toISOString() })
      .where('id', '=', webhook.id)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) return;
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'webhook.deleted',
      subjectType: 'webhook',
      subjectId: webhook.id,
      before: { url: webhook.url, events: fromJson(webhook.events) },
      at: now,
    });
  });
}

/** The webhook's deliveries, newest first. */
export async function listDeliveries(
  ctx: WorkflowContext,
  props: { companyId: string; webhookId: string; limit: number; cursor?: string },
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  await loadWebhook(ctx, props.companyId, props.webhookId);
  let query = ctx.database.db
    .selectFrom('webhook_deliveries')
    .innerJoin('company_events', 'company_events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select('company_events.type')
    .where('webhook_deliveries.webhook_id', '=', props.webhookId)
    .orderBy('webhook_deliveries.id', 'desc')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('webhook_deliveries.id', '<', props.cursor);
  const { page, nextCursor } = splitPage(await query.execute(), props.limit, (row) => row.id);
  return {
    items: page.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.type,
      status: row.status,
      attempts: row.attempts,
      responseStatus: row.response_status,
      lastError: row.last_error,
      replayOf: row.replay_of,
      createdAt: row.created_at,
      deliveredAt: row.delivered_at,
    })),
    nextCursor,
  };
}

/** Sends a delivery's event again, as a new delivery (the old one keeps its outcome). */
export async function replayDelivery(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; webhookId: string; deliveryId: string },
): Promise<{ deliveryId: string }> {
  const webhook = await loadWebhook(ctx, props.companyId, props.webhookId);
  const delivery = await ctx.database.db
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_id'])
    .where('webhook_id', '=', webhook.id)
    .where('id', '=', props.deliveryId)
    .executeTakeFirst();
  if (!delivery) throw notFound('Delivery');
  if (webhook.active === 0) throw invalidState('The webhook was deleted; nothing can be replayed');
  const now = ctx.clock.now();
  const deliveryId = await ctx.database.db.transaction().execute(async (trx) => {
    const id = await queueWebhookDelivery(trx, ctx, {
      companyId: webhook.company_id,
      webhookId: webhook.id,
      eventId: delivery.event_id,
      replayOf: delivery.id,
      at: now,
    });
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'webhook.delivery_replayed',
      subjectType: 'webhook',
      subjectId: webhook.id,
      after: { deliveryId: id, replayOf: delivery.id, eventId: delivery.event_id },
      at: now,
    });
    return id;
  });
  return { deliveryId };
}
