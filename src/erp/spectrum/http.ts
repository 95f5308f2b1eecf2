/**
 * The HTTP leg of SDX: node:http(s) over a keep-alive agent. Spectrum answers one record per call, so
 * an export is thousands of small requests; reusing connections (instead of a TCP handshake each) is
 * most of the difference between the connector's throughput and the server's own (bench/spectrum.ts).
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  bytes: Buffer;
  /** The bytes as text, decoded on first use: an unchanged Get answer is recognised by its bytes alone. */
  readonly body: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** Without a byte from the server for this long, the call fails with a `TimeoutError`. */
  timeoutMs: number;
}

export type HttpSend = (url: URL, request: HttpRequest) => Promise<HttpAnswer>;

/** One agent per connector: `maxSockets` bounds the connections, hence the parallel calls, to the server. */
export function createHttpSend(maxSockets: number): HttpSend {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return (url, { method, headers, body, timeoutMs }) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const agent = agents[url.protocol as keyof typeof agents];
      if (!agent) {
        reject(new TypeError(`Unsupported URL scheme ${url.protocol}`));
        return;
      }
      const lib = url.protocol === 'https:' ? https : http;
      const request = lib.request(
        url,
        {
          method,
          agent,
          // The socket's idle timeout (reset by the agent when the socket is free again): cheaper per call
          // than an AbortSignal, and a silent server is what it is for.
          timeout: timeoutMs,
          headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        (response) => {
          // Joined once at the end: a Get answer is megabytes in many chunks.
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const bytes = Buffer.concat(chunks);
            let text: string | undefined;
            resolve({
              status: response.statusCode ?? 0,
              bytes,
              get body() {
                text ??= bytes.toString('utf8');
                return text;
              },
            });
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => {
        const timedOut = new Error(`No answer within ${timeoutMs} ms`);
        timedOut.name = 'TimeoutError';
        request.destroy(timedOut);
      });
      request.on('error', reject);
      request.end(body, 'utf8');
    });
}
