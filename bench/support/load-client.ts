/**
 * The load tool's HTTP client: one undici pool of keep-alive connections per API process, calls spread
 * round-robin over them (as a load balancer would), every answer's latency kept per operation and every
 * failure counted: non-2xx answers by operation and status, network errors by operation and code.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface Answer {
  status: number;
  body: unknown;
}

type Method = 'GET' | 'POST';

/** JSON as the API answers; a proxy's or a crash's text stays text. */
function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

export class LoadClient {
  readonly #pools: Pool[];
  #next = 0;
  /** Milliseconds per operation name, from the call's start (or its scheduled time) to the answer read. */
  readonly latencies = new Map<string, number[]>();
  /** `<operation> <status>` or `<operation> network <code>` → how many. */
  readonly errors = new Map<string, number>();

  constructor(apiUrls: string[], connectionsPerApi: number) {
    this.#pools = apiUrls.map((url) => new Pool(url, { connections: connectionsPerApi }));
  }

  /**
   * Calls `/api/v1<path>` as the token's user. Resolves undefined on a network error (counted); a non-2xx
   * answer is counted and returned. `since` (a `performance.now()`) is where the latency starts: a paced
   * call's scheduled time, so a late start counts against the server, not hides it.
   */
  async call(
    operation: string,
    method: Method,
    path: string,
    token: string,
    payload?: object,
    since = performance.now(),
  ): Promise<Answer | undefined> {
    const pool = this.#pools[this.#next++ % this.#pools.length]!;
    try {
      const response = await pool.request({
        method,
        path: `/api/v1${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload !== undefined && { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const text = await response.body.text();
      this.#note(operation, performance.now() - since);
      if (response.statusCode >= 300) this.#count(`${operation} ${response.statusCode}`);
      return { status: response.statusCode, body: parsed(text) };
    } catch (error) {
      this.#count(`${operation} network ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return undefined;
    }
  }

  /** Like `call`, but anything other than `status` throws: for setup, where a failure makes the run moot. */
  async expect(
    status: number,
    operation: string,
    method: Method,
    path: string,
    token: string,
    payload?: object,
  ) {
    const answer = await this.call(operation, method, path, token, payload);
    if (answer?.status !== status)
      throw new Error(
        `${operation} ${path}: ${answer ? `${answer.status} ${JSON.stringify(answer.body)}` : 'network error'}`,
      );
    return answer.body as Record<string, unknown>;
  }

  /** Forgets the latencies and errors so far (setup's), keeping the connections. */
  reset(): void {
    this.latencies.clear();
    this.errors.clear();
  }

  close(): Promise<void> {
    return Promise.all(this.#pools.map((pool) => pool.close())).then(() => undefined);
  }

  #note(operation: string, ms: number) {
    const list = this.latencies.get(operation) ?? [];
    list.push(ms);
    this.latencies.set(operation, list);
  }

  #count(key: string) {
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}
