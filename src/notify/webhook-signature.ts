import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `x-ledgergate-signature: sha256=<hex>`, the HMAC-SHA256 with the webhook's secret
 * of `<x-ledgergate-timestamp>.<raw body>`. Signing the timestamp lets a receiver refuse old replays.
 */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (the README shows the same in a few lines): constant-time compare, bounded age. */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new signing secret: 32 random bytes, shown once at creation and stored sealed. */
export const newWebhookSecret = (random: (n: number) => Buffer): string =>
  `whsec_${random(32).toString('base64url')}`;
