import type { FastifyRequest } from 'fastify';

/**
 * For actions whose body is optional (send, retrieve, lock): no body counts as `{}`, so the body schema
 * still refuses anything else — a stray field is a 400, not silently ignored.
 */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined) request.body = {};
}
