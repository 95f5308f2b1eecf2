import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  registerAjvFormats,
  type TypeBoxTypeProvider,
  TypeBoxValidatorCompiler,
} from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { WorkflowContext } from '../workflows/context.ts';
import { registerAccessControl } from './plugins/access.ts';
import { registerWebApp } from './plugins/web.ts';
import { registerProblemHandlers } from './problem.ts';
import { agentChannelRoutes } from './routes/agent-channel.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes, rateLimitError } from './routes/auth.ts';
import { commitmentRoutes } from './routes/commitments.ts';
import { companyRoutes } from './routes/companies.ts';
import { erpAgentRoutes } from './routes/erp-agent.ts';
import { erpConnectionRoutes } from './routes/erp-connection.ts';
import { erpQueueRoutes } from './routes/erp-queue.ts';
import { erpSyncRoutes } from './routes/erp-sync.ts';
import { eventRoutes } from './routes/events.ts';
import { operationsRoutes } from './routes/operations.ts';
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
}

registerAjvFormats();

/** The HTTP application: conventions, documentation and every route of the public API. */
export async function buildApp({ ctx, publicUrl, logger, webRoot }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  registerProblemHandlers(app, webRoot);

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
  await app.register(rateLimit, { global: false, errorResponseBuilder: rateLimitError });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ledgergate API',
        version: '1',
        description: 'The accounting-approval gate between project management and the ERP.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'lg_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Schemas with an `$id` (a request's per-kind shapes) become components named by it.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(operationsRoutes, { database: ctx.database });
  await app.register(agentChannelRoutes, { ctx });
  await app.register(
    async (api) => {
      registerAccessControl(api, ctx);
      await api.register(authRoutes, { ctx, secureCookies: publicUrl.startsWith('https://') });
      await api.register(companyRoutes, { ctx });
      await api.register(userRoutes, { ctx });
      await api.register(auditRoutes, { ctx });
      await api.register(erpConnectionRoutes, { ctx });
      await api.register(erpAgentRoutes, { ctx });
      await api.register(erpQueueRoutes, { ctx });
      await api.register(erpSyncRoutes, { ctx });
      await api.register(webhookRoutes, { ctx });
      await api.register(eventRoutes, { ctx });
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
