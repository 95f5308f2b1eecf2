import type { SageFieldError, SageRow, SageState } from '../protocol.ts';
import {
  type SageBackend,
  SageRefusedError,
  SageTimeoutError,
  SageUnavailableError,
  type SageWriteAction,
  type SageWriteOutcome,
  type StoredRow,
} from './sage-backend.ts';

const defaultSageTimeoutMs = 30_000;

/** Socket errors raised before a request could be sent: nothing reached Sage. */
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface Answer {
  status: number;
  body: { errors?: SageFieldError[] } & Record<string, unknown>;
}

/**
 * The simulated Sage company over HTTP (docs/sage300-simulator.md), written from that spec alone.
 * Every call is bounded by `timeoutMs` (default 30 s).
 */
export function simulatedSageBackend(baseUrl: string, timeoutMs = defaultSageTimeoutMs): SageBackend {
  const base = baseUrl.replace(/\/+$/, '');

  async function call(
    path: string,
    init: { method: 'GET' | 'POST'; body?: unknown; timeoutMs?: number },
  ): Promise<Answer> {
    const limit = init.timeoutMs ?? timeoutMs;
    const isWrite = init.method === 'POST';
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${base}${path}`, {
        method: init.method,
        headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(limit),
      });
      text = await response.text();
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code && notSentCodes.has(code)) throw new SageUnavailableError(`Sage cannot be reached (${code})`);
      const what =
        (error as Error).name === 'TimeoutError'
          ? `Sage did not answer within ${limit / 1000} s`
          : `the connection to Sage dropped (${code ?? (error as Error).message})`;
      // A read that failed changed nothing; a write that was sent may have been applied.
      if (isWrite) throw new SageTimeoutError(`${what}: the write may or may not have been applied`);
      throw new SageUnavailableError(what);
    }
    let body: Answer['body'] = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { errors: [{ message: text.slice(0, 200) }] };
    }
    return { status: response.status, body };
  }

  function firstMessage(answer: Answer, fallback: string): string {
    return answer.body.errors?.[0]?.message ?? fallback;
  }

  /** Answers that say nothing was written, or (for writes) that it cannot be known. */
  function failure(answer: Answer, isWrite: boolean): Error {
    if (answer.status === 423) return new SageUnavailableError('backup lock: the file is in use');
    if (answer.status === 503) return new SageUnavailableError(firstMessage(answer, 'Sage is busy'));
    if (answer.status >= 500) {
      const reason = `Sage answered ${answer.status}: ${firstMessage(answer, 'server error')}`;
      return isWrite ? new SageTimeoutError(reason) : new SageUnavailableError(reason);
    }
    return new SageRefusedError(answer.body.errors ?? [{ message: `Sage answered ${answer.status}` }]);
  }

  return {
    async company(options) {
      const answer = await call('/company', { method: 'GET', timeoutMs: options?.timeoutMs });
      if (answer.status !== 200) throw failure(answer, false);
      return answer.body as unknown as { name: string; state: SageState };
    },

    async read(table, filter, since) {
      const query = new URLSearchParams(filter);
      if (since !== undefined) query.set('since', String(since));
      const suffix = query.size ? `?${query}` : '';
      const answer = await call(`/tables/${encodeURIComponent(table)}${suffix}`, { method: 'GET' });
      if (answer.status !== 200) throw failure(answer, false);
      return answer.body as unknown as { rows: SageRow[]; stamp: number };
    },

    async write(table: string, action: SageWriteAction, row: SageRow, lines?: SageRow[]) {
      const answer = await call('/write', { method: 'POST', body: { table, action, row, lines } });
      const { body } = answer;
      const errors = body.errors ?? [];
      switch (answer.status) {
        case 200:
          return {
            kind: 'stored',
            stored: body.stored as StoredRow,
            created: body.created === true,
            warnings: (body.warnings as string[] | undefined) ?? [],
          } satisfies SageWriteOutcome;
        case 409:
          return { kind: 'exists', stored: body.stored as StoredRow, errors };
        case 422:
          return { kind: 'refused', errors };
        default: {
          const error = failure(answer, true);
          if (error instanceof SageRefusedError) return { kind: 'refused', errors: error.errors };
          throw error;
        }
      }
    },
  };
}
