import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { componentSchemas } from '../schemas.ts';
import type { RouteAccess } from './access.ts';

/**
 * The OpenAPI document (`GET /api/openapi.json`, browsable at `/api/docs`), written for outside integrators
 * (API.md, "OpenAPI"): the route schemas give the operations; this file adds what a route schema cannot
 * say. Shapes made with `named()` become components referred to by `$ref`; public routes need no
 * credentials; a cookie session's state-changing request declares the `x-csrf-token` header.
 */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
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
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (POST /api/v1/auth/tokens)',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'lg_session',
            description:
              'The session cookie set by POST /api/v1/auth/login; a request that changes state also sends x-csrf-token',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: ({ schema, url, route }) => {
      const access = (route.config as { access?: RouteAccess } | undefined)?.access;
      return { schema: access === 'public' ? { ...schema, security: [] } : schema, url };
    },
    // Only ever an OpenAPI 3 document: `openapi` is set above.
    transformObject: (document) =>
      withNamedSchemas(withHeaderParameters((document as { openapiObject: Json }).openapiObject)),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON, walked generically
type Json = any;

const changesState = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Every state-changing operation that takes credentials refers to the one `x-csrf-token` parameter, and
 * every such POST to the one `Idempotency-Key` parameter (plugins/idempotency.ts).
 */
function withHeaderParameters(document: Json): Json {
  const csrf = { $ref: '#/components/parameters/CsrfToken' };
  const idempotencyKey = { $ref: '#/components/parameters/IdempotencyKey' };
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      if (!changesState.has(method) || operation.security?.length === 0) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        csrf,
        ...(method === 'post' ? [idempotencyKey] : []),
      ];
    }
  }
  document.components.parameters = {
    ...document.components.parameters,
    CsrfToken: {
      name: 'x-csrf-token',
      in: 'header',
      required: false,
      description:
        'The csrfToken of the login answer (or of GET /me). Required when the session cookie authenticates a request that changes state; not used with a bearer token.',
      schema: { type: 'string' },
    },
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: a repeat with the same key and body by the same user within 24 hours answers the first answer (marked Idempotent-Replayed: true) and does nothing again; the same key with another body is 422 idempotency_key_reused.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
  };
  return document;
}

/** A schema without its description, to compare. */
const shape = ({ description: _, ...schema }: Json) => JSON.stringify(schema);

/**
 * Replaces each named shape with a `$ref` and emits it once as a component, in the form @fastify/swagger
 * gave it (it rewrites some keywords, such as `const`, for OpenAPI).
 */
function withNamedSchemas(document: Json): Json {
  const schemas: Record<string, Json> = {};
  const refer = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(refer);
    if (node === null || typeof node !== 'object') return node;
    const inner = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, refer(value)]));
    const name = node.title;
    if (typeof name !== 'string' || !componentSchemas.has(name)) return inner;
    const { description } = componentSchemas.get(name) as { description?: string };
    const known = schemas[name];
    // A changed copy (`Type.Partial(Project)`) keeps the title but is not the shape: it needs a name of its own.
    if (known !== undefined && shape(known) !== shape(inner))
      throw new Error(`A route changes the schema named ${name}: name the changed one`);
    schemas[name] ??= { ...inner, description };
    // A use may describe the shape for its place (3.1 allows a description beside `$ref`).
    return {
      $ref: `#/components/schemas/${name}`,
      ...(node.description !== description && { description: node.description }),
    };
  };
  const paths = refer(document.paths);
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...document,
    paths,
    components: { ...document.components, schemas: { ...document.components.schemas, ...sorted } },
  };
}
