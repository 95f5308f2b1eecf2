/**
 * The HTTP leg of SDX: node:http(s) over a keep-alive agent. Spectrum answers one record per call, so
 * an export is thousands of small requests; reusing connections (instead of a TCP handshake each) is
 * most of the difference between the connector's throughput and the server's own (bench/spectrum.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { OutboundRules } from '../../security/outbound-policy.ts';
import { outboundRequest } from '../../security/outbound-request.ts';

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

/**
 * One agent per connector: `maxSockets` bounds the connections, hence the parallel calls, to the server.
 * Every call goes through the ERP rules of the outbound policy (address, redirect, size and time caps).
 */
export function createHttpSend(maxSockets: number, rules: OutboundRules): HttpSend {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return async (url, { method, headers, body, timeoutMs }) => {
    const { status, bytes } = await outboundRequest(rules, url, {
      method,
      headers,
      body,
      agent: agents[url.protocol as keyof typeof agents],
      idleTimeoutMs: timeoutMs,
    });
    let text: string | undefined;
    return {
      status,
      bytes,
      get body() {
        text ??= bytes.toString('utf8');
        return text;
      },
    };
  };
}
