import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../../domain/errors.ts';
import type { AgentChannel } from '../../erp/sage300/hub/agent-hub.ts';
import {
  type AgentMessage,
  agentPaths,
  heartbeatIntervalMs,
  offlineAfterMs,
  pollHoldMs,
} from '../../erp/sage300/protocol.ts';
import { activateAgent } from '../../workflows/agent/activate-agent.ts';
import { authenticateAgent } from '../../workflows/agent/authenticate-agent.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import { rateLimitError } from '../plugins/login-limit.ts';

/** Wrong activation codes an address may try a minute. */
const maxActivationFailures = 10;

/** Read answers carry whole tables (20,000 categories are a few MB): the channel takes far more than the API. */
const maxMessageBytes = 64 * 1024 * 1024;

const SageState = Type.Object({
  reachable: Type.Boolean(),
  writable: Type.Boolean(),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
const SageFormat = Type.Object({
  jobMask: Type.String({ maxLength: 40 }),
  costCodeMask: Type.String({ maxLength: 40 }),
  commitmentIdLength: Type.Integer({ minimum: 1, maximum: 12 }),
});
const Presence = Type.Object({
  version: Type.String({ maxLength: 50 }),
  sage: SageState,
  format: Type.Optional(SageFormat),
});
const Result = Type.Object({
  id: Type.String({ maxLength: 100 }),
  key: Type.String({ maxLength: 500 }),
  result: Type.Object({ status: Type.String() }, { additionalProperties: true }),
});

const bearerKey = (authorization: string | undefined): string | undefined => {
  const [scheme, key] = (authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && key ? key : undefined;
};

/** The company of the agent calling, by its key; a key that was unpaired is refused like a wrong one. */
async function agentCompany(ctx: WorkflowContext, request: FastifyRequest): Promise<string> {
  const key = bearerKey(request.headers.authorization);
  const companyId = key && (await authenticateAgent(ctx, key));
  if (!companyId)
    throw new AppError(
      'unauthenticated',
      'The agent key is not valid: the agent was unpaired, or never paired',
    );
  return companyId;
}

/**
 * The agents' own channel (ERP.md §3), beside the public API and authenticated by an agent key only:
 * pairing, the WebSocket the hub pushes commands on, and the long-poll fallback for networks whose
 * proxies break WebSockets.
 */
export const agentChannelRoutes: FastifyPluginAsyncTypebox<{ ctx: WorkflowContext }> = async (
  app,
  { ctx },
) => {
  // Only wrong codes count, per address: guessing is slowed to a crawl, pairing many agents is not.
  const failures = new Map<string, { count: number; until: number }>();
  app.post(
    agentPaths.activate,
    {
      schema: {
        hide: true,
        body: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 40 }),
          version: Type.String({ maxLength: 50 }),
          hostname: Type.String({ maxLength: 255 }),
        }),
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const failed = failures.get(request.ip);
      if (failed && failed.until > now && failed.count >= maxActivationFailures) throw rateLimitError();
      try {
        return reply.code(201).send(await activateAgent(ctx, request.body));
      } catch (error) {
        const count = failed && failed.until > now ? failed.count + 1 : 1;
        failures.set(request.ip, {
          count,
          until: failed && failed.until > now ? failed.until : now + 60_000,
        });
        throw error;
      }
    },
  );

  app.post(
    agentPaths.poll,
    { bodyLimit: maxMessageBytes, schema: { hide: true, body: Presence } },
    async (request, reply) => {
      const companyId = await agentCompany(ctx, request);
      // Fires when the answer is sent, or when the agent hung up first: the hold then ends.
      const closed = new AbortController();
      reply.raw.once('close', () => closed.abort());
      return { commands: await ctx.agents.poll(companyId, request.body, pollHoldMs, closed.signal) };
    },
  );

  app.post(
    agentPaths.results,
    {
      bodyLimit: maxMessageBytes,
      schema: { hide: true, body: Type.Object({ results: Type.Array(Result) }) },
    },
    async (request, reply) => {
      const companyId = await agentCompany(ctx, request);
      await ctx.agents.deliver(companyId, request.body.results as Parameters<typeof ctx.agents.deliver>[1]);
      return reply.code(204).send();
    },
  );

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://hub').pathname !== agentPaths.connect) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const key = bearerKey(request.headers.authorization);
    void (key ? authenticateAgent(ctx, key) : Promise.resolve(undefined)).then(
      (companyId) => {
        if (!companyId) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
          return;
        }
        sockets.handleUpgrade(request, socket, head, (ws) => serveAgent(ctx, ws, companyId));
      },
      () => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n'),
    );
  });
  // Agents reconnect to whichever process serves next; their sockets must not hold this one open.
  app.addHook('preClose', async () => {
    ctx.agents.close();
    for (const ws of sockets.clients) ws.terminate();
    sockets.close();
  });
};

/** One agent's WebSocket: presence and results in, commands out; silent for 30 s means gone. */
function serveAgent(ctx: WorkflowContext, ws: WebSocket, companyId: string): void {
  let lastHeard = Date.now();
  let detach: (() => Promise<void>) | undefined;
  const channel: AgentChannel = {
    send(commands) {
      for (const command of commands) ws.send(JSON.stringify({ type: 'command', command }));
    },
    close: (code, reason) => ws.close(code, reason),
  };
  const watchdog = setInterval(() => {
    if (Date.now() - lastHeard > offlineAfterMs) ws.terminate();
  }, heartbeatIntervalMs).unref();
  ws.on('message', async (data) => {
    lastHeard = Date.now();
    let message: AgentMessage;
    try {
      message = JSON.parse(String(data)) as AgentMessage;
    } catch {
      ws.close(1007, 'messages are JSON');
      return;
    }
    try {
      if (message.type === 'hello') {
        await ctx.agents.heard(companyId, message);
        detach ??= await ctx.agents.attach(companyId, channel);
      } else if (message.type === 'heartbeat') {
        await ctx.agents.heard(companyId, message);
      } else if (message.type === 'result') {
        await ctx.agents.deliver(companyId, [message]);
      }
    } catch {
      // The database is away: the agent's next message (or the resend at its reconnect) tries again.
    }
  });
  ws.on('close', () => {
    clearInterval(watchdog);
    void detach?.().catch(() => undefined);
  });
}
