/**
 * A lean client of `GET /companies/{c}/events` (Server-Sent Events) for holding a thousand streams in
 * one process: undici over one socket each, frames split as they arrive and only `event` and `data`
 * read. (test/support/sse.ts, over fetch and web streams, costs several times more per event.)
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

export interface ReceivedEvent {
  type: string;
  data: { id: string; type: string; at: string; data: Record<string, unknown> };
  /** `performance.now()` when its frame was read. */
  receivedAt: number;
}

export interface EventStream {
  /** Resolves with the answer's status once the server answered (0: a network error). */
  readonly opened: Promise<number>;
  /** Resolves once the stream ended: closed by either side, or failed. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Streams hold their socket for as long as they live: no body timeout, a socket per stream. */
export const streamAgent = () => new Agent({ bodyTimeout: 0, headersTimeout: 60_000, connections: null });

export function openEventStream(
  agent: Agent,
  url: string,
  token: string,
  onEvent: (event: ReceivedEvent) => void,
): EventStream {
  const abort = new AbortController();
  const answer = request(url, {
    dispatcher: agent,
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const opened = answer.then(
    (response) => response.statusCode,
    () => 0,
  );
  const ended = answer
    .then(async (response) => {
      if (response.statusCode !== 200) return void (await response.body.text());
      response.body.setEncoding('utf8');
      let buffer = '';
      for await (const chunk of response.body as AsyncIterable<string>) {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (event) onEvent({ ...event, receivedAt: performance.now() });
        }
      }
    })
    .catch(() => {}); // closed by us, or the server went away: `opened` tells the difference
  return { opened, ended, close: () => abort.abort() };
}

/** An event frame's type and data; undefined for comments (keep-alives) and the `retry:` frame. */
function parseFrame(frame: string): Omit<ReceivedEvent, 'receivedAt'> | undefined {
  let type: string | undefined;
  let data: string | undefined;
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data = line.slice(5).trim();
  }
  return type && data ? { type, data: JSON.parse(data) } : undefined;
}
