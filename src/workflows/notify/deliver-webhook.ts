import { fromJson } from '../../db/json.ts';
import { errorMessage } from '../../domain/error-message.ts';
import type { JobContext } from '../../jobs/queue.ts';
import { signWebhook } from '../../notify/webhook-signature.ts';
import { outboundRequest } from '../../security/outbound-request.ts';
import type { WorkflowContext } from '../context.ts';

export const webhookJobKind = 'webhook.deliver';
/** With the queue's backoff (1 s doubling, capped at 5 min) about 40 minutes of retries. */
export const webhookMaxAttempts = 15;

export interface WebhookJob {
  deliveryId: string;
}

/** How long a receiver may take to answer one delivery. */
const timeoutMs = 10_000;

/**
 * The webhook job: POSTs the event as JSON `{ id, type, at, data }`, signed as Standard Webhooks has it
 * (see webhook-signature.ts), and records the answer. A 2xx answer delivers it; any other answer or a
 * network error is noted on the delivery and thrown, so the queue retries with backoff; the last
 * attempt marks it `failed`.
 * Receivers may see an event twice (at least once): `webhook-id` (the event id, the same on every
 * retry and replay) tells, and `x-ledgergate-delivery` names the delivery.
 */
export async function deliverWebhook(ctx: WorkflowContext, payload: unknown, job: JobContext): Promise<void> {
  const { deliveryId } = payload as WebhookJob;
  const { db } = ctx.database;
  const row = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .innerJoin('company_events', 'company_events.id', 'webhook_deliveries.event_id')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.status',
      'webhooks.url',
      'webhooks.secret',
      'webhooks.previous_secret',
      'webhooks.previous_secret_expires_at',
      'webhooks.active',
      'company_events.id as eventId',
      'company_events.type',
      'company_events.at',
      'company_events.data',
    ])
    .where('webhook_deliveries.id', '=', deliveryId)
    .executeTakeFirst();
  if (row?.status !== 'pending') return;

  const record = (
    set: { status?: 'delivered' | 'failed'; response_status?: number | null; last_error?: string | null },
    at = ctx.clock.now(),
  ) =>
    db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        ...set,
        attempts: eb('attempts', '+', 1),
        ...(set.status === 'delivered' && { delivered_at: at.toISOString() }),
      }))
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .execute();

  if (row.active === 0) {
    await record({ status: 'failed', last_error: 'The webhook was deleted' });
    return;
  }
  const body = JSON.stringify({ id: row.eventId, type: row.type, at: row.at, data: fromJson(row.data) });
  const now = ctx.clock.now();
  const timestamp = Math.floor(now.getTime() / 1000);
  // During a rotation the old secret signs too, until its 24 hours are over.
  const secrets = [row.secret];
  if (
    row.previous_secret &&
    row.previous_secret_expires_at &&
    row.previous_secret_expires_at > now.toISOString()
  )
    secrets.push(row.previous_secret);
  let failure: { response_status: number | null; last_error: string };
  try {
    const response = await outboundRequest(ctx.outbound.webhook, new URL(row.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ledgergate-Webhooks/1',
        'webhook-id': row.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(
          secrets.map((sealed) => ctx.secrets.open(sealed)),
          { id: row.eventId, timestamp, body },
        ),
        'x-ledgergate-event': row.type,
        'x-ledgergate-delivery': row.id,
      },
      body,
      signal: AbortSignal.any([job.signal, AbortSignal.timeout(timeoutMs)]),
    });
    const answer = response.bytes.toString('utf8').slice(0, 200);
    if (response.status >= 200 && response.status < 300) {
      await record({ status: 'delivered', response_status: response.status, last_error: null });
      return;
    }
    failure = {
      response_status: response.status,
      last_error: `HTTP ${response.status}${answer ? `: ${answer}` : ''}`,
    };
  } catch (error) {
    failure = { response_status: null, last_error: errorMessage(error) };
  }
  if (job.attempt >= job.maxAttempts) {
    await record({ status: 'failed', ...failure });
    return;
  }
  await record(failure);
  throw new Error(`webhook delivery ${row.id} to ${new URL(row.url).host}: ${failure.last_error}`);
}
