export interface SseEvent {
  event: string;
  id: string;
  data: { id: string; type: string; at: string; data: Record<string, unknown> };
}

export interface SseClient {
  events: SseEvent[];
  /** Resolves once the server answered the request (status and headers). */
  opened: Promise<Response>;
  /** Resolves when the server ends the stream (or the client closes it). */
  ended: Promise<void>;
  close(): void;
}

/** A Server-Sent Events client over a real socket (fetch), collecting complete events as they arrive. */
export function openSse(url: string, headers: Record<string, string>): SseClient {
  const events: SseEvent[] = [];
  const abort = new AbortController();
  const opened = fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const ended = opened
    .then(async (response) => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
          }
          if (fields.event && fields.data)
            events.push({ event: fields.event, id: fields.id ?? '', data: JSON.parse(fields.data) });
        }
      }
    })
    .catch(() => {}); // aborted by close()
  return { events, opened, ended, close: () => abort.abort() };
}
