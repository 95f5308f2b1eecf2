import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the client saw while it failed over: answers 503 (a process closing) or 409 for a key still in use, and calls that never got an answer. */
export interface FailoverCounts {
  unavailable: number;
  unreachable: number;
}

export interface FailoverOptions {
  counts?: FailoverCounts;
  /**
   * Every POST carries one Idempotency-Key for all its tries (default), so a try whose answer was lost is
   * replayed, not done twice. Off, a POST whose connection dropped is simply sent again: for callers that
   * check the outcome themselves, since a key held by a process killed mid-request stays busy for a minute.
   */
  keyed?: boolean;
  /** Failing tries of one call before it gives up (default 20 s). */
  patienceMs?: number;
}

/**
 * A client of several API processes, as a reverse proxy in front of them is: each call goes to the next
 * process in turn (of those `urls` lists at the time), and moves on to another when one refuses the
 * connection, drops it, or answers 503 (it is closing).
 */
export function apiOverHttp(
  urls: () => string[],
  token: string,
  { counts = { unavailable: 0, unreachable: 0 }, keyed = true, patienceMs = 20_000 }: FailoverOptions = {},
) {
  let next = 0;
  const call = async (method: Method, path: string, body?: object) => {
    const key = keyed && method === 'POST' ? randomUUID() : undefined;
    const giveUpAt = Date.now() + patienceMs;
    for (;;) {
      const all = urls();
      const url = all[next++ % Math.max(1, all.length)];
      try {
        if (url === undefined) throw new Error('no API process is up');
        const response = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
            ...(key && { 'idempotency-key': key }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        const answer = { status: response.status, body: text ? JSON.parse(text) : undefined };
        // A try still running on a closing process holds the key: the next try waits for its answer.
        const busy = response.status === 409 && answer.body?.code === 'idempotency_key_in_use';
        if (response.status !== 503 && !busy) return answer;
        counts.unavailable++;
      } catch {
        counts.unreachable++;
      }
      if (Date.now() > giveUpAt) throw new Error(`${method} ${path}: no API process answered`);
      await sleep(50);
    }
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: object) => call('POST', path, body),
    put: (path: string, body: object) => call('PUT', path, body),
    patch: (path: string, body: object) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}
