import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import {
  registerAjvFormats,
  type TypeBoxTypeProvider,
  TypeBoxValidatorCompiler,
} from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { WorkflowContext } from '../workflows/context.ts';
import { LiveStreams } from './live-streams.ts';
import { registerAccessControl } from './plugins/access.ts';
import { registerIdempotency } from './plugins/idempotency.ts';
import { type LoginLimits, rateLimitError } from './plugins/login-limit.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerWebApp } from './plugins/web.ts';
import { registerWriteLimit } from './plugins/write-limit.ts';
import { registerProblemHandlers, sendRouterProblem, sendUnavailable } from './problem.ts';
import { agentChannelRoutes } from './routes/agent-channel.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { commitmentRoutes } from './routes/commitments.ts';
import { companyRoutes } from './routes/companies.ts';
import { erpAgentRoutes } from './routes/erp-agent.ts';
import { erpConnectionRoutes } from './routes/erp-connection.ts';
import { erpQueueRoutes } from './routes/erp-queue.ts';
import { erpSyncRoutes } from './routes/erp-sync.ts';
import { eventRoutes } from './routes/events.ts';
import { registerOperations } from './routes/operations.ts';
import { projectRoutes } from './routes/projects.ts';
import { sendToErpRoutes } from './routes/send-to-erp.ts';
import { standardListRoutes } from './routes/standard-lists.ts';
import { userRoutes } from './routes/users.ts';
import { vendorRoutes } from './routes/vendors.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface AppOptions {
  ctx: WorkflowContext;
  publicUrl: string;
  /** Without one, the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** The built web app (`dist/web`) to serve at `/`; without one, the server is the API alone. */
  webRoot?: string;
  /** Set: `/metrics` needs it as a bearer token. */
  metricsToken?: string;
  /** Requests that change state, per user or token and minute (default 600). */
  rateLimitPerMinute?: number;
  loginLimits?: LoginLimits;
  /** Live event streams: at most `perUser` open (10), re-checked every `recheckMs` (60 s). */
  liveStreams?: { perUser?: number; recheckMs?: number };
}

registerAjvFormats();

/** The HTTP application: conventions, documentation and every route of the public API. */
export async function buildApp({
  ctx,
  publicUrl,
  logger,
  webRoot,
  metricsToken,
  rateLimitPerMinute = 600,
  loginLimits,
  liveStreams = {},
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // Our own 503 while closing (below): a problem, as every other refusal.
    return503OnClosing: false,
    frameworkErrors: sendRouterProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  registerProblemHandlers(app, webRoot);
  refuseWhileClosing(app);

  await app.register(helmet, {
    // The API docs page loads its own script and styles; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", 'https:', "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  await app.register(cookie);
  // Before any route, so that the document sees every one (@fastify/swagger collects them as added).
  await registerOpenApi(app, publicUrl);
  registerOperations(app, { database: ctx.database, metricsToken });
  // Draft-standard `RateLimit-*` headers (the IETF's, as GitHub and Stripe-like APIs send them).
  await app.register(rateLimit, {
    global: false,
    enableDraftSpec: true,
    errorResponseBuilder: rateLimitError,
  });

  await app.register(agentChannelRoutes, { ctx });
  const streams = new LiveStreams(liveStreams.perUser);
  await app.register(
    async (api) => {
      registerAccessControl(api, ctx);
      registerWriteLimit(api, rateLimitPerMinute);
      registerIdempotency(api, ctx);
      await api.register(authRoutes, {
        ctx,
        secureCookies: publicUrl.startsWith('https://'),
        loginLimits,
        streams,
      });
      await api.register(companyRoutes, { ctx });
      await api.register(userRoutes, { ctx });
      await api.register(auditRoutes, { ctx });
      await api.register(erpConnectionRoutes, { ctx });
      await api.register(erpAgentRoutes, { ctx });
      await api.register(erpQueueRoutes, { ctx });
      await api.register(erpSyncRoutes, { ctx });
      await api.register(webhookRoutes, { ctx });
      await api.register(eventRoutes, { ctx, streams, recheckMs: liveStreams.recheckMs });
      // project-side records
      await api.register(vendorRoutes, { ctx });
      await api.register(commitmentRoutes, { ctx });
      await api.register(standardListRoutes, { ctx });
      await api.register(projectRoutes, { ctx });
      await api.register(sendToErpRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  if (webRoot !== undefined) await registerWebApp(app, webRoot);
  return app;
}

/**
 * Once the server is stopping, requests that still arrive on open connections (keep-alive, pipelined) get
 * 503 and `Connection: close`, so a proxy sends them to another process; `/readyz` then answers 503 too.
 */
function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return sendUnavailable(reply, {
      code: 'shutting_down',
      title: 'Shutting down',
      detail: 'This server is stopping: send the request to another one, or retry in a moment',
    });
  });
}
