import { json, problem } from './render-app.tsx';

export type Handler = (request: Request, params: Record<string, string>) => Response | Promise<Response>;

/**
 * Test support: a fake API from `'METHOD /path/:param'` routes, recording every non-GET call with its
 * JSON body; anything unrouted answers 404.
 */
export function apiStub(routes: Record<string, Handler | unknown>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern = ''] = key.split(' ');
    const names: string[] = [];
    const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, regex: new RegExp(`^/api/v1${source}$`), names, handler };
  });
  const server = async (request: Request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== 'GET') {
      const text = await request.clone().text();
      calls.push({ method: request.method, path: pathname, body: text ? JSON.parse(text) : undefined });
    }
    for (const route of table) {
      const match = route.method === request.method ? route.regex.exec(pathname) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] ?? '']));
      return typeof route.handler === 'function'
        ? (route.handler as Handler)(request, params)
        : json(200, route.handler);
    }
    return problem(404, 'Not found');
  };
  return { server, calls };
}
