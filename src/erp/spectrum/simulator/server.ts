import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSwitches } from './faults.ts';
import type { SpectrumSimState } from './records.ts';
import type { SoapAnswer } from './soap-endpoint.ts';
import type { JsonAnswer } from './vendor-list.ts';

/** What the HTTP layer routes to; everything ERP-specific lives behind these functions. */
export interface SimulatorRoutes {
  soap(service: string, xml: string): SoapAnswer;
  vendors(companyCode: string, authorization: string | undefined): JsonAnswer;
  state(): SpectrumSimState;
  faults: FaultSwitches;
}

const maxBodyBytes = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The simulator's HTTP server. The ERP protocol (`/ws/…`, `/vendors/…`) is subject to the fault
 * switches; the inspection view (`/_sim/…`) never is, so tests can always look and switch faults off.
 */
export function createSimulatorServer(routes: SimulatorRoutes): Server {
  return createServer((request, response) => {
    handle(request, response, routes).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('Spectrum simulator:', error);
      if (!response.headersSent)
        send(response, status, 'text/plain; charset=utf-8', String((error as Error).message));
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: SimulatorRoutes,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://simulator');
  if (pathname.startsWith('/_sim/')) return inspect(request, response, pathname, routes);

  const { latencyMs } = routes.faults.current;
  if (latencyMs > 0) await sleep(latencyMs);
  // Checked as the answer is due, so an outage switched on during the latency takes this request down too.
  if (routes.faults.current.outage) return void request.socket.destroy();

  const soapCall = /^\/ws\/([^/]+)$/.exec(pathname);
  if (soapCall?.[1]) {
    allow(request, 'POST');
    const answer = routes.soap(decodeURIComponent(soapCall[1]), await readBody(request));
    return send(response, answer.status, 'text/xml; charset=utf-8', answer.xml);
  }
  const vendorList = /^\/vendors\/([^/]+)$/.exec(pathname);
  if (vendorList?.[1]) {
    allow(request, 'GET');
    const answer = routes.vendors(decodeURIComponent(vendorList[1]), request.headers.authorization);
    response.writeHead(answer.status, answer.headers).end(answer.body);
    return;
  }
  throw new HttpError(404, `No such endpoint: ${pathname}`);
}

async function inspect(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  routes: SimulatorRoutes,
): Promise<void> {
  if (pathname === '/_sim/state') {
    allow(request, 'GET');
    return send(response, 200, 'application/json', JSON.stringify(routes.state()));
  }
  if (pathname === '/_sim/faults') {
    allow(request, 'GET', 'POST');
    if (request.method === 'POST') {
      try {
        routes.faults.set(JSON.parse(await readBody(request)));
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
    }
    return send(response, 200, 'application/json', JSON.stringify(routes.faults.current));
  }
  throw new HttpError(404, `No such endpoint: ${pathname}`);
}

function allow(request: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(request.method ?? '')) throw new HttpError(405, `Use ${methods.join(' or ')}`);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, 'The request body is larger than 1 MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
