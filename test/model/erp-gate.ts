import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A forwarder between one worker and the Spectrum simulator that can be cut: from `cut()` on, no call
 * through it is answered, whether it was on its way (the simulator may have stored it: a worker dying
 * after the ERP committed) or comes later. A worker whose every ERP call hangs writes nothing more to
 * the ERP, which is what a killed worker process does, without the second or so a process takes to start.
 */
export interface ErpGate {
  /** `http://127.0.0.1:PORT`: the base URL a connector of the worker uses. */
  readonly url: string;
  cut(): void;
  /** Drops the calls held since the cut (their callers see a reset connection) and closes the gate. */
  close(): Promise<void>;
}

/** Opens a gate to whatever `upstream()` answers at the time of each call (the current run's simulator). */
export async function openErpGate(upstream: () => string): Promise<ErpGate> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const held: http.ServerResponse[] = [];
  let isCut = false;

  const server = http.createServer((req, res) => {
    if (isCut) {
      held.push(res);
      return;
    }
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const forwarded = http.request(
        new URL(req.url ?? '/', upstream()),
        { method: req.method, headers: req.headers, agent },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            if (isCut) {
              held.push(res);
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          });
          answer.on('error', () => res.destroy());
        },
      );
      // The simulator dropped the connection (its outage fault): so does the gate.
      forwarded.on('error', () => res.destroy());
      forwarded.end(Buffer.concat(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      isCut = true;
    },
    close: async () => {
      for (const res of held.splice(0)) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}
