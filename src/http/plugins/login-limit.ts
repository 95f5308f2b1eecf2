import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';

export interface LoginLimits {
  /** Attempts per e-mail address a minute, from any network address (default 10). */
  perEmail?: number;
  /** Attempts per network address a minute, whatever the e-mails (default 30). */
  perAddress?: number;
}

/**
 * The login's two limits, checked before the password is hashed, so a tripped limit costs no scrypt:
 * one account cannot be guessed at from many addresses, and one address cannot spray many accounts.
 * (@fastify/rate-limit runs one limiter per request; these are its counters, checked together.)
 */
export function loginLimit(app: FastifyInstance, { perEmail = 10, perAddress = 30 }: LoginLimits = {}) {
  const counters = [
    app.createRateLimit({
      max: perEmail,
      timeWindow: 60_000,
      keyGenerator: (request) => `email:${String((request.body as { email?: unknown }).email).toLowerCase()}`,
    }),
    app.createRateLimit({
      max: perAddress,
      timeWindow: 60_000,
      keyGenerator: (request) => `ip:${request.ip}`,
    }),
  ];
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const count of counters) {
      const result = await count(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', result.ttlInSeconds);
        throw rateLimitError();
      }
    }
  };
}

export const rateLimitError = () =>
  new AppError('rate_limited', 'Too many attempts; wait a minute and try again');
