import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EnhancedAuthentication, type JsonAnswer, unauthorized } from './enhanced-authentication.ts';
import type { FaultSwitches } from './faults.ts';
import type { SpectrumSimState } from './records.ts';
import type { SoapAnswer } from './soap-endpoint.ts';

/** What the HTTP layer routes to; everything ERP-specific lives behind these functions. */
export interface SimulatorRoutes {
  soap(service: string, xml: string): SoapAnswer;
  /** The WSDL of a service for clients that reach the server at `base`, or undefined when unknown. */
  wsdl(service: string, base: string): string | undefined;
  vendors(
    companyCode: string,
    query: URLSearchParams,
    authorization: string | undefined,
    bearer: boolean,
  ): JsonAnswer;
  state(): SpectrumSimState;
  faults: FaultSwitches;
  /** Present while Enhanced Authentication is on. */
  oauth?: EnhancedAuthentication;
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
 * The simulator's HTTP server. The ERP protocol (`/ws/…`, `/vendors/…`, `/wsdls/…`, `/connect/token`,
 * `/secretRotation`) is subject to the fault switches; the inspection view (`/_sim/…`) never is, so
 * tests can always look and switch faults off. `SOAPAction` is ignored and any content type is read
 * (text/xml, text/plain, …): the services are told apart by their path.
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
  const url = new URL(request.url ?? '/', 'http://simulator');
  const { pathname } = url;
  if (pathname.startsWith('/_sim/')) return inspect(request, response, pathname, routes);

  const { latencyMs } = routes.faults.current;
  if (latencyMs > 0) await sleep(latencyMs);
  // Checked as the answer is due, so an outage switched on during the latency takes this request down too.
  if (routes.faults.current.outage) return void request.socket.destroy();

  const wsdl = /^\/wsdls\/([^/]+)\.jws$/.exec(pathname);
  if (wsdl?.[1]) {
    allow(request, 'GET');
    const host = request.headers.host ?? `${request.socket.localAddress}:${request.socket.localPort}`;
    const text = routes.wsdl(decodeURIComponent(wsdl[1]), `http://${host}`);
    if (text === undefined) throw new HttpError(404, `No such service: ${wsdl[1]}`);
    return send(response, 200, 'text/xml; charset=utf-8', text);
  }
  if (routes.oauth && pathname === '/connect/token') {
    allow(request, 'POST');
    const form = new URLSearchParams(await readBody(request));
    return sendJson(response, routes.oauth.token(form, request.headers.authorization));
  }
  if (routes.oauth && pathname === '/secretRotation') {
    allow(request, 'POST');
    const form = new URLSearchParams(await readBody(request));
    return sendJson(response, routes.oauth.rotateSecret(form, request.headers.authorization));
  }

  const soapCall = /^\/ws\/([^/]+)$/.exec(pathname);
  const vendorList = /^\/vendors\/([^/]+)$/.exec(pathname);
  if (!soapCall?.[1] && !vendorList?.[1]) throw new HttpError(404, `No such endpoint: ${pathname}`);
  allow(request, soapCall ? 'POST' : 'GET');
  // Read before answering, whatever the answer: a connection kept alive must not hold an unread body.
  const body = await readBody(request);
  const bearer = routes.oauth !== undefined;
  if (routes.oauth && !routes.oauth.allows(request.headers.authorization))
    return sendJson(response, unauthorized());
  if (soapCall?.[1]) {
    const answer = routes.soap(decodeURIComponent(soapCall[1]), body);
    return send(response, answer.status, 'text/xml; charset=utf-8', answer.xml);
  }
  const companyCode = decodeURIComponent(vendorList?.[1] ?? '');
  return sendJson(
    response,
    routes.vendors(companyCode, url.searchParams, request.headers.authorization, bearer),
  );
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

function sendJson(response: ServerResponse, answer: JsonAnswer): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}
