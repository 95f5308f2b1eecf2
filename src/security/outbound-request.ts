/**
 * One HTTP call under the outbound policy (outbound-policy.ts), over node:http(s) rather than `fetch`
 * because the policy needs the socket's DNS lookup. A literal IP host never reaches a lookup, so it is
 * checked here first. A redirect is answered as a refusal, never followed: its target was not checked.
 * An answer over `maxBytes`, or not complete within `deadlineMs`, fails with OutboundLimitError.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { OutboundRefusedError, type OutboundRules } from './outbound-policy.ts';

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string | number>>;
  body?: string;
  /** Keep-alive sockets to reuse (one agent per protocol); default: a new connection per call. */
  agent?: http.Agent;
  /** Without a byte from the server for this long, the call fails with a `TimeoutError`. */
  idleTimeoutMs?: number;
  /** Aborting it fails the call with the signal's reason. */
  signal?: AbortSignal;
}

export interface OutboundAnswer {
  status: number;
  bytes: Buffer;
}

/** An answer too large or too slow: worth retrying later, unlike a refusal. */
export class OutboundLimitError extends Error {
  readonly kind = 'limit';
  override name = 'OutboundLimitError';
}

export function outboundRequest(
  rules: OutboundRules,
  url: URL,
  request: OutboundRequest,
): Promise<OutboundAnswer> {
  return new Promise<OutboundAnswer>((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new TypeError(`Unsupported URL scheme ${url.protocol}`));
      return;
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const refused = isIP(host) ? rules.refusal(host) : undefined;
    if (refused) {
      reject(new OutboundRefusedError(refused));
      return;
    }
    const { signal } = request;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    const call = lib.request(url, {
      method: request.method,
      // Never the global agent: its pooled sockets may have been opened without this policy's lookup.
      agent: request.agent ?? false,
      lookup: rules.lookup,
      // The socket's idle timeout (reset by the agent when the socket is free again): cheaper per call
      // than an AbortSignal, and a silent server is what it is for.
      timeout: request.idleTimeoutMs,
      headers:
        request.body === undefined
          ? request.headers
          : { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
    });
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settle();
      reject(error);
      call.destroy();
    };
    const onAbort = () => fail(signal!.reason);
    signal?.addEventListener('abort', onAbort);
    const deadline = setTimeout(
      () => fail(new OutboundLimitError(`no complete answer within ${seconds(rules.deadlineMs)}`)),
      rules.deadlineMs,
    );
    const tooLarge = () => new OutboundLimitError(`the answer is larger than ${size(rules.maxBytes)}`);

    call.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        const to = response.headers.location ? ` to ${response.headers.location}` : '';
        fail(
          new OutboundRefusedError(
            `${url.host} answered HTTP ${status}, a redirect${to}: redirects are not followed; use the final URL`,
          ),
        );
        return;
      }
      if (Number(response.headers['content-length']) > rules.maxBytes) {
        fail(tooLarge());
        return;
      }
      // Joined once at the end: a Spectrum Get answer is megabytes in many chunks.
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > rules.maxBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        settle();
        resolve({ status, bytes: Buffer.concat(chunks, length) });
      });
      response.on('error', fail);
    });
    call.on('timeout', () => {
      const timedOut = new Error(`No answer within ${request.idleTimeoutMs} ms`);
      timedOut.name = 'TimeoutError';
      fail(timedOut);
    });
    call.on('error', fail);
    call.end(request.body, 'utf8');
  });
}

const seconds = (ms: number) => `${ms / 1000} s`;
const mebibyte = 1024 * 1024;
const size = (bytes: number) => (bytes % mebibyte === 0 ? `${bytes / mebibyte} MiB` : `${bytes} bytes`);
