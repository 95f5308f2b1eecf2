import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSwitches } from './faults.ts';
import type { ReadAnswer } from './reads.ts';
import type { Sage300SimState } from './store.ts';
import type { WriteAnswer } from './writes.ts';

/** What the HTTP layer routes to; everything Sage-specific lives behind these functions. */
export interface Sage300Routes {
  company(): unknown;
  read(table: string, query: URLSearchParams): ReadAnswer;
  /** Counts a write call that is answered, whatever the answer. */
  writeCalled(body: unknown): void;
  write(body: unknown): WriteAnswer;
  state(): Sage300SimState;
  faults: FaultSwitches;
}

const maxBodyBytes = 4 * 1024 * 1024;
const busy = { errors: [{ message: 'Sage is busy, try again' }] };
const locked = { errors: [{ message: 'The file is in use: a backup is running' }] };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The simulator's HTTP server. The Sage interfaces (`/company`, `/tables/…`, `/write`) are subject to
 * the fault switches; the inspection view (`/_sim/…`) never is, so tests can always look and switch
 * faults off.
 */
export function createSimulatorServer(routes: Sage300Routes): Server {
  return createServer((request, response) => {
    handle(request, response, routes).catch((error: unknown) => {
      // A caller that hung up mid-request (an agent killed, a timeout) has no one to answer.
      if (response.destroyed) return;
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('Sage 300 simulator:', error);
      if (!response.headersSent)
        sendJson(response, status, { errors: [{ message: String((error as Error).message) }] });
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: Sage300Routes,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator');
  const { pathname } = url;
  if (pathname.startsWith('/_sim/')) return inspect(request, response, pathname, routes);

  const { latencyMs } = routes.faults.current;
  if (latencyMs > 0) await sleep(latencyMs);
  if (routes.faults.drops()) return void request.socket.destroy();

  if (pathname === '/company') {
    allow(request, 'GET');
    return sendJson(response, 200, routes.company());
  }
  const table = /^\/tables\/([^/]+)$/.exec(pathname)?.[1];
  if (table !== undefined) {
    allow(request, 'GET');
    if (routes.faults.transient()) return sendJson(response, 503, busy);
    const answer = routes.read(decodeURIComponent(table), url.searchParams);
    return send(response, answer.status, answer.body);
  }
  if (pathname !== '/write') throw new HttpError(404, `No such endpoint: ${pathname}`);
  allow(request, 'POST');
  // Read before answering, whatever the answer: a connection kept alive must not hold an unread body.
  const body = parseJson(await readBody(request));
  routes.writeCalled(body);
  if (routes.faults.current.lock) return sendJson(response, 423, locked);
  if (routes.faults.transient()) return sendJson(response, 503, busy);
  const { slowCommitMs } = routes.faults.current;
  // The caller may give up meanwhile: the write still commits, which is the unknown-outcome case.
  if (slowCommitMs > 0) await sleep(slowCommitMs);
  const answer = routes.write(body);
  if (!response.destroyed) sendJson(response, answer.status, answer.body);
}

async function inspect(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  routes: Sage300Routes,
): Promise<void> {
  if (pathname === '/_sim/state') {
    allow(request, 'GET');
    return sendJson(response, 200, routes.state());
  }
  if (pathname === '/_sim/faults') {
    allow(request, 'GET', 'POST');
    if (request.method === 'GET') return sendJson(response, 200, routes.faults.current);
    try {
      routes.faults.set(parseJson(await readBody(request)));
    } catch (error) {
      throw new HttpError(400, (error as Error).message);
    }
    response.writeHead(204).end();
    return;
  }
  throw new HttpError(404, `No such endpoint: ${pathname}`);
}

function allow(request: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(request.method ?? '')) throw new HttpError(405, `Use ${methods.join(' or ')}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body is not JSON');
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, 'The request body is larger than 4 MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body));
}
