import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';

/** Liveness, readiness and Prometheus metrics, outside the versioned API and its authentication. */
export const operationsRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (
  app,
  { database },
) => {
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
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const hidden = { hide: true };
  app.get(
    '/healthz',
    { schema: { ...hidden, response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
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

  app.get('/metrics', { schema: hidden }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
};
