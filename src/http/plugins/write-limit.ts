import type {} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route of `app` that changes state (and is not public: login keeps its own limits) counts
 * against one budget per API token, or per user for a session, of `perMinute` requests. One store for
 * all routes, so spreading requests over many routes gains nothing. Answers carry the draft standard's
 * `RateLimit-Limit`, `-Remaining` and `-Reset` headers, and a 429 a `Retry-After`. Counted in this
 * process's memory: behind a balancer over several processes each allows its own budget.
 */
export function registerWriteLimit(app: FastifyInstance, perMinute: number): void {
  const limit = app.rateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal ?? request.ip,
  });
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (route.config?.access === 'public' || !methods.some((m) => writeMethods.has(m))) return;
    // Before validation: a flood of malformed requests counts too.
    route.preValidation = [limit, ...[route.preValidation ?? []].flat()];
  });
}
