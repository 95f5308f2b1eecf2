import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStalePlan } from '../db/postgres/prepared-statements.ts';
import { AppError, type ErrorCode, type ProblemDetail } from '../domain/errors.ts';
import { sendAppPage } from './plugins/web.ts';

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  invalid_state: 409,
  precondition_failed: 422,
  rate_limited: 429,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
};

const titleOf: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  unauthenticated: 'Sign in first',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  version_conflict: 'Version conflict',
  invalid_state: 'Not possible in the current state',
  precondition_failed: 'A business rule is not met',
  rate_limited: 'Too many requests',
  idempotency_key_reused: 'Idempotency key already used',
  idempotency_key_in_use: 'Idempotency key in use',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ProblemDetail[];
}

export function problemOf(code: ErrorCode, detail: string, errors?: ProblemDetail[]): Problem {
  return {
    type: `urn:ledgergate:problem:${code}`,
    title: titleOf[code],
    status: statusOf[code],
    detail,
    code,
    ...(errors && { errors }),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** A 503: this process cannot serve the request now, another one (or a retry) can; nothing was done. */
export function sendUnavailable(
  reply: FastifyReply,
  { code, title, detail }: { code: 'shutting_down' | 'schema_changed'; title: string; detail: string },
): FastifyReply {
  return sendProblem(reply, { type: `urn:ledgergate:problem:${code}`, title, status: 503, detail, code });
}

/** `/lines/0/amount` → `lines[0].amount`, the way a client names a field. */
function fieldPath(pointer: string, property?: string): string {
  const parts = pointer.split('/').slice(1);
  if (property !== undefined) parts.push(property);
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    '',
  );
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: { requiredProperties?: string[]; additionalProperties?: string[] };
  message?: string;
}

function validationDetails(errors: SchemaError[], context: string | undefined): ProblemDetail[] {
  const prefix =
    context === 'body' || context === undefined ? '' : `${context === 'querystring' ? 'query' : context}.`;
  const details: ProblemDetail[] = [];
  for (const e of errors) {
    if (e.keyword === 'required') {
      for (const p of e.params.requiredProperties ?? [])
        details.push({ path: fieldPath(e.instancePath, p), message: 'is required' });
    } else if (e.keyword === 'additionalProperties') {
      for (const p of e.params.additionalProperties ?? [])
        details.push({ path: fieldPath(e.instancePath, p), message: 'is not a known field' });
    } else if (!e.schemaPath.endsWith('/additionalProperties')) {
      details.push({ path: fieldPath(e.instancePath), message: e.message ?? 'is not valid' });
    }
  }
  return details.map((d) => ({ ...d, path: prefix + (d.path || (context === 'body' ? '(body)' : '(all)')) }));
}

/**
 * Fastify's router refuses some URLs before any handler (a malformed URL, a path segment over its
 * length limit): those answer problem+json too, with the router's status (400, 414).
 */
export function sendRouterProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, {
    ...problemOf('validation_failed', error.message, [{ path: '(path)', message: error.message }]),
    status: error.statusCode ?? 400,
    title: 'The request could not be read',
  });
}

/** Paths that are never pages of the web app, whoever asks. */
const notPages = /^\/(?:api|healthz|readyz|metrics)(?:[/?]|$)/;

/** A browser loading a page of the app (UI.md §8's SPA fallback): its router knows the path, not ours. */
function wantsAppPage(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !notPages.test(request.url) &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Every error leaves as problem+json; only a bug is a 500, and it never shows internals. With a
 * `webRoot`, a browser's request for an unknown page gets the web app instead of a 404.
 */
export function registerProblemHandlers(app: FastifyInstance, webRoot?: string): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError)
      return sendProblem(reply, problemOf(error.code, error.message, error.errors));
    if (error.validation) {
      const errors = validationDetails(error.validation as unknown as SchemaError[], error.validationContext);
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      return sendProblem(reply, problemOf('validation_failed', detail, errors));
    }
    if (isStalePlan(error)) {
      // Nothing was saved (the transaction rolled back) and the connection is replaced: a retry succeeds.
      reply.header('retry-after', '1');
      return sendUnavailable(reply, {
        code: 'schema_changed',
        title: 'The database changed',
        detail: 'An upgrade changed the database while this request ran; nothing was saved: retry it',
      });
    }
    if (error.statusCode === 429)
      return sendProblem(reply, problemOf('rate_limited', 'Too many attempts; wait a minute and try again'));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large…
      const problem = problemOf('validation_failed', error.message, [
        { path: '(body)', message: error.message },
      ]);
      return sendProblem(reply, {
        ...problem,
        status: error.statusCode,
        title: 'The request could not be read',
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      type: 'urn:ledgergate:problem:internal',
      title: 'Internal error',
      status: 500,
      detail: `Something went wrong on our side (request ${request.id})`,
      code: 'internal',
    });
  });
  app.setNotFoundHandler((request, reply) => {
    if (webRoot !== undefined && wantsAppPage(request)) return sendAppPage(reply, webRoot);
    return sendProblem(
      reply,
      problemOf('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
    );
  });
}
