import { createHmac } from 'node:crypto';

/**
 * Webhook signatures as the Standard Webhooks specification has them, so receivers verify with the
 * `standardwebhooks` library of their language: `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "{webhook-id}.{webhook-timestamp}.{raw body}">`, keyed with the base64-decoded part of the
 * `whsec_` secret. During a rotation both secrets sign, space-separated, which the spec allows.
 */
export function signWebhook(
  secrets: readonly string[],
  message: { id: string; timestamp: number; body: string },
): string {
  const signed = `${message.id}.${message.timestamp}.${message.body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', signingKey(secret)).update(signed).digest('base64')}`)
    .join(' ');
}

/**
 * The key of a `whsec_` secret. Secrets made before Standard Webhooks were base64url, which Node's
 * decoder also reads, so they keep signing (a receiver's library may need them rotated).
 */
const signingKey = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

/** A new signing secret: 32 random bytes in standard base64, shown once and stored sealed. */
export const newWebhookSecret = (random: (n: number) => Buffer): string =>
  `whsec_${random(32).toString('base64')}`;
