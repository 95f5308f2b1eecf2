import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, errorDetail } from './client.ts';

const problem = (status: number, detail: string) =>
  new Response(JSON.stringify({ type: 'urn:x', title: 't', status, detail, code: 'c' }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

function recordingClient(answer: (request: Request) => Response) {
  const requests: Request[] = [];
  const onUnauthorized = vi.fn();
  const api = createApiClient({
    fetch: async (request) => {
      requests.push(request.clone());
      return answer(request);
    },
    onUnauthorized,
  });
  return { api, requests, onUnauthorized };
}

describe('the API client', () => {
  it('sends the CSRF token on state-changing requests only', async () => {
    const { api, requests } = recordingClient(() => new Response(null, { status: 204 }));
    api.setCsrfToken('token-1');
    await api.POST('/api/v1/auth/logout');
    await api.GET('/api/v1/companies/{c}', { params: { path: { c: 'c1' } } }).catch(() => undefined);
    expect(requests.map((r) => [r.method, r.headers.get('x-csrf-token')])).toEqual([
      ['POST', 'token-1'],
      ['GET', null],
    ]);
  });

  it('turns a problem+json answer into an ApiError with the server’s detail', async () => {
    const { api } = recordingClient(() => problem(409, 'Someone else changed this'));
    const error = await api.GET('/api/v1/companies/{c}', { params: { path: { c: 'c1' } } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, errorDetail(error)]).toEqual([409, 'Someone else changed this']);
  });

  it('reports an ended session, but not a failed sign-in or an anonymous GET /me', async () => {
    const { api, onUnauthorized } = recordingClient(() => problem(401, 'Sign in first'));
    await api
      .POST('/api/v1/auth/login', { body: { email: 'a@x.test', password: 'x' } })
      .catch(() => undefined);
    await api.GET('/api/v1/me').catch(() => undefined);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await api.GET('/api/v1/companies/{c}', { params: { path: { c: 'c1' } } }).catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('describes an answer that is not problem+json by its status', async () => {
    const { api } = recordingClient(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const error = await api.GET('/api/v1/me').catch((e) => e);
    expect(errorDetail(error)).toBe('The server answered 502 Bad Gateway');
  });
});
