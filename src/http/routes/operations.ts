import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { problemOf, sendProblem } from '../problem.ts';

/**
 * Liveness, readiness and Prometheus metrics, outside the versioned API and its authentication. Called on
 * the root instance (not registered as an encapsulated plugin) so the request histogram's hook sees every
 * route of the server, the API's and the web app's alike.
 */
export function registerOperations(
  app: FastifyInstance,
  { database, metricsToken }: { database: Database; metricsToken?: string },
): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'ledgergate_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        // The route's pattern, never the raw URL: ids would make a series per record.
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const hidden = { hide: true };
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getHealth',
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );

  app.get('/readyz', { schema: hidden }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { ok: true, database: 'reachable' };
    } catch {
      return reply.code(503).type('application/problem+json').send({
        type: 'urn:ledgergate:problem:not_ready',
        title: 'Not ready',
        status: 503,
        detail: 'The database is not reachable',
        code: 'not_ready',
      });
    }
  });

  const expected = metricsToken === undefined ? undefined : Buffer.from(`Bearer ${metricsToken}`);
  app.get('/metrics', { schema: hidden }, async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return sendProblem(
          reply,
          problemOf('unauthenticated', 'Send "Authorization: Bearer <METRICS_TOKEN>"'),
        );
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
