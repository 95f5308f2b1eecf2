import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import { newWebhookSecret } from '../../notify/webhook-signature.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadWebhook } from './webhooks.ts';

/** How long the old secret keeps signing beside the new one: a receiver's time to switch. */
export const previousSecretTtlMs = 24 * 60 * 60 * 1000;

/**
 * A new signing secret for the webhook, answered this once. Deliveries carry both signatures for 24
 * hours, so a receiver that still knows only the old secret keeps verifying until it switches. Rotating
 * again within those hours retires the older one at once: only the last two secrets ever sign.
 */
export async function rotateWebhookSecret(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; webhookId: string },
): Promise<{ secret: string; previousSecretExpiresAt: string }> {
  const webhook = await loadWebhook(ctx, props.companyId, props.webhookId);
  if (webhook.active === 0) throw invalidState('The webhook was deleted');
  const secret = newWebhookSecret(randomBytes);
  const now = ctx.clock.now();
  const previousSecretExpiresAt = new Date(now.getTime() + previousSecretTtlMs).toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhooks')
      .set({
        secret: ctx.secrets.seal(secret),
        previous_secret: webhook.secret,
        previous_secret_expires_at: previousSecretExpiresAt,
      })
      .where('id', '=', webhook.id)
      .execute();
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'webhook.secret_rotated',
      subjectType: 'webhook',
      subjectId: webhook.id,
      after: { previousSecretExpiresAt },
      at: now,
    });
  });
  return { secret, previousSecretExpiresAt };
}
