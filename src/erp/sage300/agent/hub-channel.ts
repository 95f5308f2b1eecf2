import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import {
  type AgentCommand,
  type AgentMessage,
  agentPaths,
  type HubMessage,
  heartbeatIntervalMs,
  type PollAnswer,
  type PollRequest,
  pollHoldMs,
  type ResultMessage,
  type SageFormat,
  type SageState,
} from '../protocol.ts';
import { agentVersion } from './version.ts';

/**
 * The agent's link to the hub (ERP.md §3; messages in protocol.ts). It dials out only: a WebSocket
 * first, and HTTPS long polling where a proxy breaks WebSockets (the upgrade answered by an HTTP error,
 * or not completed in time). A dropped link is dialled again with capped exponential backoff and
 * jitter, so a hub restart is not met by every agent at once. Results wait in an outbox while the link
 * is down; one that is lost anyway is harmless, because the hub resends unanswered commands and the
 * journal answers them again.
 */
export type Transport = 'auto' | 'ws' | 'poll';

export type LinkState = 'connecting' | 'ws' | 'poll' | 'closed' | 'unpaired';

export interface AgentLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface HubChannelOptions {
  hub: string;
  agentKey: string;
  transport: Transport;
  /** What hello, heartbeats and polls say of Sage. */
  status(): Promise<{ sage: SageState; format?: SageFormat }>;
  onCommand(command: AgentCommand): void;
  log: AgentLog;
  heartbeatMs?: number;
  /** How long a WebSocket upgrade may take before the link falls back to polling (auto). */
  handshakeTimeoutMs?: number;
}

export interface HubChannel {
  /** Sends a result now, or as soon as the link is back. */
  send(result: Omit<ResultMessage, 'type'>): void;
  state(): LinkState;
  /** Settles when the channel ends: `unpaired` when the hub refused the agent's key. */
  ended: Promise<'closed' | 'unpaired'>;
  /** Sends what the outbox holds (for up to 2 s), then closes the link. */
  close(): Promise<void>;
}

const backoffStartMs = 500;
const backoffCapMs = 30_000;
/** A link that lasted this long was healthy: the next drop starts the backoff again from the start. */
const healthyLinkMs = 10_000;

const unpairedMessage =
  "the hub refused this agent's key: it was unpaired; run `ledgergate agent activate` with a new code";

export function openHubChannel(options: HubChannelOptions): HubChannel {
  const { log, transport } = options;
  const hub = options.hub.replace(/\/+$/, '');
  const authorization = `Bearer ${options.agentKey}`;
  const heartbeatMs = options.heartbeatMs ?? heartbeatIntervalMs;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;

  let link: LinkState = 'connecting';
  let attempt = 0;
  let socket: WebSocket | undefined;
  let socketReady = false;
  let redial: NodeJS.Timeout | undefined;
  let outbox: Omit<ResultMessage, 'type'>[] = [];
  let flushing: Promise<void> | undefined;
  const stopping = new AbortController();
  let finish!: (how: 'closed' | 'unpaired') => void;
  const ended = new Promise<'closed' | 'unpaired'>((resolve) => {
    finish = resolve;
  });

  const active = () => link !== 'closed' && link !== 'unpaired';

  function nextDelay(): number {
    const capped = Math.min(backoffCapMs, backoffStartMs * 2 ** attempt);
    attempt += 1;
    return capped / 2 + (Math.random() * capped) / 2;
  }

  function unpaired(): void {
    if (!active()) return;
    log.error(unpairedMessage);
    link = 'unpaired';
    teardown();
    finish('unpaired');
  }

  function teardown(): void {
    stopping.abort();
    clearTimeout(redial);
    socket?.close(1000, 'agent stopping');
  }

  function connectWebSocket(): void {
    if (!active()) return;
    link = 'connecting';
    const url = new URL(`${hub}${agentPaths.connect}`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { headers: { authorization } });
    socket = ws;
    let openedAt: number | undefined;
    let refusal: 'unpaired' | 'fallback' | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    const handshake = setTimeout(() => {
      refusal = 'fallback';
      log.warn(`the WebSocket upgrade did not complete in ${handshakeTimeoutMs / 1000} s`);
      ws.terminate();
    }, handshakeTimeoutMs);

    ws.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      refusal = status === 401 || status === 403 ? 'unpaired' : 'fallback';
      log.warn(`the hub answered the WebSocket upgrade with HTTP ${status}`);
      ws.terminate();
    });
    ws.on('open', () => {
      clearTimeout(handshake);
      openedAt = Date.now();
      link = 'ws';
      log.info(`connected to the hub ${hub} (WebSocket)`);
      void options.status().then((status) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        // A send that fails means the link is going down: the close handler dials again.
        sendOnSocket(ws, { type: 'hello', version: agentVersion, ...status }).catch(() => undefined);
        socketReady = true;
        void flush();
      });
      heartbeat = setInterval(() => {
        void options.status().then((status) => {
          if (ws.readyState === WebSocket.OPEN) {
            sendOnSocket(ws, { type: 'heartbeat', version: agentVersion, ...status }).catch(() => undefined);
          }
        });
      }, heartbeatMs);
    });
    ws.on('message', (data) => {
      let message: HubMessage;
      try {
        message = JSON.parse(String(data)) as HubMessage;
      } catch {
        log.warn('the hub sent a message that is not JSON: ignored');
        return;
      }
      if (message.type === 'command') options.onCommand(message.command);
    });
    ws.on('error', (error) => {
      if (!refusal) log.warn(`the WebSocket to the hub failed: ${error.message}`);
    });
    ws.on('close', () => {
      clearTimeout(handshake);
      clearInterval(heartbeat);
      socketReady = false;
      socket = undefined;
      if (!active()) return;
      if (refusal === 'unpaired') return unpaired();
      if (refusal === 'fallback' && transport === 'auto') {
        log.warn('falling back to HTTPS long polling');
        attempt = 0;
        void pollLoop();
        return;
      }
      if (openedAt !== undefined && Date.now() - openedAt >= healthyLinkMs) attempt = 0;
      link = 'connecting';
      const delay = nextDelay();
      log.info(`the link to the hub is down: dialling again in ${(delay / 1000).toFixed(1)} s`);
      redial = setTimeout(connectWebSocket, delay);
    });
  }

  function sendOnSocket(ws: WebSocket, message: AgentMessage): Promise<void> {
    return new Promise((resolve, reject) =>
      ws.send(JSON.stringify(message), (e) => (e ? reject(e) : resolve())),
    );
  }

  async function post(path: string, body: unknown, timeoutMs: number): Promise<Response> {
    return fetch(`${hub}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]),
    });
  }

  async function pollLoop(): Promise<void> {
    while (active()) {
      try {
        void flush();
        const request: PollRequest = { version: agentVersion, ...(await options.status()) };
        const response = await post(agentPaths.poll, request, pollHoldMs + 10_000);
        if (response.status === 401 || response.status === 403) return unpaired();
        if (!response.ok) throw new Error(`the hub answered the poll with HTTP ${response.status}`);
        const answer = (await response.json()) as PollAnswer;
        if (link !== 'poll') log.info(`connected to the hub ${hub} (long polling)`);
        link = 'poll';
        attempt = 0;
        for (const command of answer.commands) options.onCommand(command);
      } catch (error) {
        if (!active()) return;
        link = 'connecting';
        const delay = nextDelay();
        log.warn(
          `polling the hub failed (${(error as Error).message}): again in ${(delay / 1000).toFixed(1)} s`,
        );
        await sleep(delay, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
  }

  /** Sends the outbox on whichever transport is up; what fails stays for the next try. */
  function flush(): Promise<void> {
    flushing ??= sendOutbox().then((sentAll) => {
      flushing = undefined;
      // Results queued while the last batch was on its way.
      if (sentAll && outbox.length) return flush();
    });
    return flushing;
  }

  async function sendOutbox(): Promise<boolean> {
    while (outbox.length && active()) {
      const batch = outbox;
      outbox = [];
      try {
        if (socket && socketReady) {
          const ws = socket;
          await Promise.all(batch.map((result) => sendOnSocket(ws, { type: 'result', ...result })));
        } else if (link === 'poll') {
          const response = await post(agentPaths.results, { results: batch }, 30_000);
          if (response.status === 401 || response.status === 403) {
            unpaired();
            return false;
          }
          if (!response.ok) throw new Error(`the hub answered HTTP ${response.status}`);
        } else {
          outbox = [...batch, ...outbox];
          return false;
        }
      } catch (error) {
        outbox = [...batch, ...outbox];
        log.warn(`sending results to the hub failed (${(error as Error).message}): kept for later`);
        return false;
      }
    }
    return true;
  }

  if (transport === 'poll') void pollLoop();
  else connectWebSocket();

  return {
    send(result) {
      outbox.push(result);
      void flush();
    },
    state: () => link,
    ended,
    async close() {
      if (!active()) return;
      // Timers that do not keep an in-process caller alive once it is done.
      await Promise.race([flush(), sleep(2_000, undefined, { ref: false })]);
      const ws = socket;
      link = 'closed';
      teardown();
      finish('closed');
      if (ws) await Promise.race([once(ws, 'close'), sleep(2_000, undefined, { ref: false })]);
    },
  };
}
