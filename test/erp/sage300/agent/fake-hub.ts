import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type {
  AgentCommand,
  AgentMessage,
  ResultMessage,
  ResultsRequest,
} from '../../../../src/erp/sage300/protocol.ts';

export type UpgradeAnswer = 'accept' | 404 | 401;

/**
 * A hub small enough to read: the agent's end of ERP.md §3 (connect, poll, results, activate), with
 * switches for how it answers the WebSocket upgrade. Everything the agent sends is kept for assertions.
 */
export async function startFakeHub(options: { upgrade?: UpgradeAnswer; agentKey?: string } = {}) {
  const agentKey = options.agentKey ?? 'key-1';
  let upgrade: UpgradeAnswer = options.upgrade ?? 'accept';
  /** Messages over the WebSocket, and polls and results over HTTP, in arrival order. */
  const messages: AgentMessage[] = [];
  const polls: unknown[] = [];
  let connections = 0;
  let socket: WebSocket | undefined;
  let pending: AgentCommand[] = [];
  let wakePoll: (() => void) | undefined;

  const authorized = (request: IncomingMessage) => request.headers.authorization === `Bearer ${agentKey}`;
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer(async (request, response) => {
    const body = await readJson(request);
    const answer = (status: number, json?: unknown) => {
      response.writeHead(status, json ? { 'content-type': 'application/json' } : {});
      response.end(json ? JSON.stringify(json) : undefined);
    };
    if (request.url === '/agent/v1/activate') {
      if (body.code === 'GOOD-CODE') {
        return answer(201, { agentKey, companyId: 'c_1', companyName: 'Demo Builders' });
      }
      response.writeHead(400, { 'content-type': 'application/problem+json' });
      return response.end(
        JSON.stringify({ title: 'Bad request', detail: 'the activation code has expired' }),
      );
    }
    if (!authorized(request)) return answer(401, { detail: 'unknown agent key' });
    if (request.url === '/agent/v1/results') {
      for (const result of body.results ?? []) messages.push({ type: 'result', ...result });
      return answer(204);
    }
    if (request.url === '/agent/v1/poll') {
      polls.push(body);
      if (!pending.length) {
        await new Promise<void>((resolve) => {
          wakePoll = resolve;
          setTimeout(resolve, 1_000);
        });
      }
      const commands = pending;
      pending = [];
      return answer(200, { commands });
    }
    answer(404, { detail: 'not found' });
  });
  server.on('upgrade', (request, netSocket, head) => {
    if (upgrade !== 'accept' || !authorized(request)) {
      const status = upgrade === 'accept' ? 401 : upgrade;
      netSocket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, netSocket, head, (ws) => {
      connections += 1;
      socket = ws;
      ws.on('message', (data) => messages.push(JSON.parse(String(data))));
      for (const command of pending) ws.send(JSON.stringify({ type: 'command', command }));
      pending = [];
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    agentKey,
    messages,
    polls,
    connections: () => connections,
    results: () => messages.filter((m): m is ResultMessage => m.type === 'result'),
    setUpgrade(answer: UpgradeAnswer) {
      upgrade = answer;
    },
    /** Pushes at once over an open WebSocket, else keeps it for the next connection or poll. */
    send(command: AgentCommand) {
      if (socket?.readyState === 1) socket.send(JSON.stringify({ type: 'command', command }));
      else {
        pending.push(command);
        wakePoll?.();
      }
    },
    dropSocket() {
      socket?.terminate();
      socket = undefined;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function readJson(request: IncomingMessage): Promise<{ code?: string } & Partial<ResultsRequest>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : {};
}
