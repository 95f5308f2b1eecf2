import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An unguessable bearer secret (256 bits). */
export const newSecretToken = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

/** What we store instead of a bearer secret: looking up by hash needs no constant-time compare. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
