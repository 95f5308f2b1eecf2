import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { countLoginAttempt } from '../../workflows/identity/count-login-attempt.ts';
import { normaliseEmail } from '../../workflows/shared/actors.ts';

export interface LoginLimits {
  /** Attempts per e-mail address a minute, from any network address (default 10). */
  perEmail?: number;
  /** Attempts per network address a minute, whatever the e-mails (default 30). */
  perAddress?: number;
}

const windowMs = 60_000;

/**
 * The login's two limits, checked before the password is hashed, so a tripped limit costs no scrypt:
 * one account cannot be guessed at from many addresses, and one address cannot spray many accounts.
 * Counted in the database, so the limits hold however many API processes share it.
 */
export function loginLimit(
  ctx: Pick<WorkflowContext, 'database' | 'clock'>,
  { perEmail = 10, perAddress = 30 }: LoginLimits = {},
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // As the login reads it: "Ann@x" and "ann@x" are one account, and one count.
    const email = normaliseEmail(String((request.body as { email?: unknown }).email));
    const limits = [perEmail, perAddress];
    const counted = await countLoginAttempt(ctx, [`email:${email}`, `ip:${request.ip}`], windowMs);
    const exceeded = counted.filter(({ attempts }, i) => attempts > limits[i]!);
    if (exceeded.length > 0) {
      // Until every limit it exceeds lets it through again.
      const waitMs = Math.max(...exceeded.map(({ resetsInMs }) => resetsInMs));
      reply.header('retry-after', Math.max(1, Math.ceil(waitMs / 1000)));
      throw rateLimitError();
    }
  };
}

export const rateLimitError = () =>
  new AppError('rate_limited', 'Too many attempts; wait a minute and try again');
