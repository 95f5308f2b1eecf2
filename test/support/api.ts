import type { FastifyInstance } from 'fastify';
import type { TestUser } from './factories.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A small client for one user: `api.post(url, body)` → { status, body }. */
export function apiAs(app: FastifyInstance, user: TestUser) {
  const call = async (method: Method, url: string, payload?: object) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${user.token}` },
      ...(payload !== undefined && { payload }),
    });
    const body = response.body ? response.json() : undefined;
    return { status: response.statusCode, body };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: object) => call('POST', url, body),
    put: (url: string, body: object) => call('PUT', url, body),
    patch: (url: string, body: object) => call('PATCH', url, body),
    delete: (url: string) => call('DELETE', url),
  };
}
export type Api = ReturnType<typeof apiAs>;
