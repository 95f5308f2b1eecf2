import createClient, { type Client } from 'openapi-fetch';
import { createContext, use } from 'react';
import type { paths } from './schema.d.ts';

/** One field-level finding of a problem+json answer (`lines[3].amount`, as the API names it). */
export interface ProblemError {
  path: string;
  message: string;
}

/** An RFC 9457 answer of the API; `detail` and `errors[].message` are written to be shown as they are. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ProblemError[];
}

/** Every non-2xx answer, so one handler can decide by `status` and `problem.code` (UI.md §3). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

/**
 * What to tell the user about a failure: the server's `detail` as written, or plainly that the server
 * could not be reached (`fetch` rejects with a TypeError), or that the app itself failed.
 */
export function errorDetail(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  if (error instanceof TypeError) return "Can't reach the server. Check your connection and try again.";
  return 'Something went wrong in the app. Reload the page to try again.';
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A 401 from these means "not signed in", which the session handles itself; elsewhere it means the session ended. */
const sessionProbes = new Set(['/api/v1/me', '/api/v1/auth/login']);

async function problemOf(response: Response): Promise<Problem> {
  if (response.headers.get('content-type')?.includes('application/problem+json'))
    return (await response.json()) as Problem;
  // A proxy or a crashed server answers in HTML or not at all: say so in the API's terms.
  return {
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
    detail: `The server answered ${response.status} ${response.statusText}`.trim(),
    code: 'http_error',
  };
}

export interface ApiClientOptions {
  /** Injected by component tests; the browser's `fetch` otherwise. */
  fetch?: (request: Request) => Promise<Response>;
  /** Called on a 401 from any request but the session's own, after which the app signs the user out. */
  onUnauthorized?: () => void;
}

export type ApiClient = Client<paths> & {
  /** The cookie session's CSRF token (from sign-in or `GET /me`), sent on every state-changing request. */
  setCsrfToken(token: string | undefined): void;
};

/** The typed API client: paths are the OpenAPI document's (`/api/v1/…`), so the base URL is the page's origin. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  let csrfToken: string | undefined;
  const client = createClient<paths>({ baseUrl: '', ...(options.fetch && { fetch: options.fetch }) });
  client.use({
    onRequest({ request }) {
      if (csrfToken && !safeMethods.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
      return request;
    },
    async onResponse({ response, schemaPath }) {
      if (response.ok) return response;
      const problem = await problemOf(response);
      if (problem.status === 401 && !sessionProbes.has(schemaPath)) options.onUnauthorized?.();
      throw new ApiError(problem);
    },
  });
  return Object.assign(client, {
    setCsrfToken(token: string | undefined) {
      csrfToken = token;
    },
  });
}

/**
 * The body of a successful answer. Failures never get here (the middleware throws `ApiError`), so a
 * missing body means a 204 and is given as `undefined`.
 */
export async function unwrap<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

/** The app's client, given once by `main.tsx` (and by component tests, with their own `fetch`). */
export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = use(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiContext> above it');
  return api;
}
