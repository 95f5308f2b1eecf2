/**
 * The SDX client: sends one service call, reads the answer, and turns it into data, a warning or one of
 * the connector contract's failures (ERP.md §1, §2).
 *
 * Classification:
 * - network error, timeout, an address the outbound policy refuses, a redirect, an answer over the
 *   policy's size or time cap, HTTP 5xx / 408 / 429, `SOAP-ENV:Server` fault, an answer cut off in
 *   transit (the envelope did not close: rows or the result may be missing), an answer without any
 *   record, a session that expired again right after renewal → `TransientErpError`;
 * - error records `I`, `M`, `A` (other than the session time-out), a `Client` fault, other HTTP 4xx →
 *   `RejectedErpError(message, column, code)` — the connector maps the column to our field path;
 * - `W` records are warnings: the call succeeded; on a Get, `W` "No records found" is an empty answer and
 *   `W` "Maximum rows exceeded" an incomplete one (the caller narrows its query);
 * - `G` (good, information in `desc`) and `S` are successes.
 *
 * Retries: a transient failure is retried here a few times, quickly (`attempts`, default 4, delays
 * 25/50/100 ms) to absorb a dropped connection or a server busy for a moment; the export engine owns the
 * durable retry with backoff. A Put retried after a lost answer finds the record its first attempt
 * stored: the upserting services update it with the same values, and the connector reads before the
 * add-only ones (AddJob, AddVendor) and owns what a refusal of a second add means.
 *
 * Sessions: a batch (ERP.md §2) is the calls of one connector operation — an export or a read — under
 * one new GUID, so concurrent operations never share one and none starts on a GUID left idle since the
 * last. When the server answers that the GUID timed out (a long operation, a slow server), the batch
 * starts a new GUID and retries that call once.
 *
 * Enhanced authentication: with a client id and secret the client takes an OAuth token from
 * `/connect/token` (client credentials, scope `spectrumapi`), sends it as a bearer on every SOAP and REST
 * call, and takes a new one before it expires or when the server answers 401.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../domain/error-message.ts';
import { createOutboundPolicy, type OutboundRules } from '../../security/outbound-policy.ts';
import { OutboundLimitError } from '../../security/outbound-request.ts';
import { RejectedErpError, TransientErpError } from '../connector.ts';
import { type AnswerMemory, createAnswerMemory } from './answer-memory.ts';
import { createHttpSend, type HttpAnswer } from './http.ts';
import {
  buildRequest,
  type GetService,
  type PutService,
  parseAnswer,
  type SdxRecord,
  type Service,
  type ServiceValues,
} from './soap-codec.ts';

export interface SdxClientSettings {
  baseUrl: string;
  authorizationId: string;
  companyCode: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per call for transient failures. Default 4. */
  attempts?: number;
  /** Delay before the second attempt, doubling after. Default 25 ms. */
  retryDelayMs?: number;
  /** Connections (hence parallel calls) to the server. Default 8. */
  maxSockets?: number;
  /** Enhanced authentication's client credentials; absent: SOAP by Authorization ID, REST by Basic. */
  oauth?: { clientId: string; clientSecret: string };
  /** Where Get answers are kept to recognise an unchanged one; default: a memory of this client's own. */
  answers?: AnswerMemory;
  /** Where the server may be and how much it may answer; default: the strict ERP rules (no loopback). */
  outbound?: OutboundRules;
}

/** The parameters a caller gives: the credentials, session and company are the client's. */
type CallerValues<S extends Service> = Omit<
  ServiceValues<S>,
  'Authorization_ID' | 'GUID' | 'Company_Code' | 'pCompany_Code'
>;

/** A Get answer's data rows; `complete` is false when Spectrum cut the list at its row limit. */
export interface SdxRows {
  rows: SdxRecord[];
  complete: boolean;
}

/** SDX calls under one GUID. */
export interface SdxBatch {
  /** The data rows of a Get service; none when Spectrum found nothing. */
  get<S extends GetService>(service: S, filters: CallerValues<S>): Promise<SdxRows>;
  /** Resolves when Spectrum stored the record. */
  put<S extends PutService>(service: S, values: CallerValues<S>): Promise<void>;
  /** The `W` records of this batch's Puts so far: stored, with a remark from Spectrum. */
  readonly warnings: readonly string[];
}

export interface SdxClient {
  batch(): SdxBatch;
  /** A JSON endpoint beside SDX (`/vendors/{Company_Code}`), with HTTP Basic or the bearer token. */
  getJson(path: string): Promise<unknown>;
}

/** A record's error fields: Put results name them `error_code desc column`, Get rows `Error_…`. */
interface RecordStatus {
  code: string;
  message: string;
  column: string;
}

function statusOf(record: SdxRecord): RecordStatus {
  return {
    code: (record.error_code ?? record.Error_Code ?? '').trim().toUpperCase(),
    message: record.desc ?? record.Error_Description ?? '',
    column: record.column ?? record.Error_Column ?? '',
  };
}

const isSessionTimeout = ({ code, column, message }: RecordStatus) =>
  code === 'A' && column.toUpperCase() === 'GUID' && /time\s*out/i.test(message);

/** Stored or answered: blank, `G` good (information in `desc`), `S` (the test-connection service). */
const success = new Set(['', 'G', 'S']);
const isRowLimit = ({ code, message }: RecordStatus) => code === 'W' && /maximum rows/i.test(message);

const refusedAfterRetry = new WeakSet<Error>();

/**
 * Whether a refusal answered a call that was sent again after a failure that left its outcome unknown
 * (a time-out, a server fault): the first attempt may have stored the record, so an add-only service's
 * "already exists" may be about that very record.
 */
export const isRefusalAfterRetry = (error: unknown): boolean =>
  error instanceof Error && refusedAfterRetry.has(error);

/** Thrown inside the retry loop when the session must be renewed; never escapes the client. */
class SessionExpired extends Error {}

export function createSdxClient(settings: SdxClientSettings): SdxClient {
  const timeoutMs = settings.timeoutMs ?? 30_000;
  const attempts = settings.attempts ?? 4;
  const retryDelayMs = settings.retryDelayMs ?? 25;
  const send = createHttpSend(settings.maxSockets ?? 8, settings.outbound ?? createOutboundPolicy().erp);
  const base = settings.baseUrl.replace(/\/+$/, '');
  const token = settings.oauth ? createTokenSource(base, settings.oauth, exchange) : undefined;
  const answers = settings.answers ?? createAnswerMemory();

  const endpoints = new Map<Service, { url: URL; headers: Readonly<Record<string, string>> }>();
  /** Each service's URL and headers, made once: an export makes thousands of calls to a handful of services. */
  function endpoint(service: Service) {
    let found = endpoints.get(service);
    if (!found) {
      const url = new URL(`${base}/ws/${service}`);
      // Public clients send the endpoint's URL as the action; Spectrum does not read it.
      found = { url, headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${url}"` } };
      endpoints.set(service, found);
    }
    return found;
  }

  async function exchange(
    url: URL,
    method: 'GET' | 'POST',
    headers: Readonly<Record<string, string>>,
    body?: string,
  ) {
    try {
      return await send(url, { method, headers, body, timeoutMs });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const message = timedOut
        ? `Spectrum did not answer within ${timeoutMs} ms`
        : error instanceof OutboundLimitError
          ? `Spectrum's answer to ${url.pathname} was refused: ${error.message}`
          : `Spectrum could not be reached: ${errorMessage(error)}`;
      throw new TransientErpError(message, { cause: error });
    }
  }

  /** One HTTP exchange, with the bearer token under enhanced authentication (a new one after a 401). */
  async function authorised(
    url: URL,
    method: 'GET' | 'POST',
    headers: Readonly<Record<string, string>>,
    body?: string,
  ): Promise<HttpAnswer> {
    if (!token) return exchange(url, method, headers, body);
    const used = await token.current();
    const answer = await exchange(url, method, { ...headers, Authorization: `Bearer ${used}` }, body);
    if (answer.status !== 401) return answer;
    const renewed = await token.renew(used);
    return exchange(url, method, { ...headers, Authorization: `Bearer ${renewed}` }, body);
  }

  /**
   * Runs one attempt after another while the failure is transient, renewing the batch's GUID at most
   * once (a call without a batch, the JSON endpoint, has none to renew).
   */
  async function withRetries<T>(attempt: () => Promise<T>, batch?: { guid: string }): Promise<T> {
    let renewed = false;
    for (let failures = 0; ; ) {
      const used = batch?.guid;
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof SessionExpired) {
          if (renewed || !batch)
            throw new TransientErpError('Spectrum session timed out again right after renewal');
          renewed = true;
          // The calls of a batch may run in parallel: only the first to see the GUID expire renews it.
          if (batch.guid === used) batch.guid = randomUUID();
          continue;
        }
        if (error instanceof RejectedErpError && failures > 0) refusedAfterRetry.add(error);
        if (!(error instanceof TransientErpError) || ++failures >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (failures - 1)));
      }
    }
  }

  async function call<S extends Service>(
    service: S,
    values: CallerValues<S>,
    guid: string,
  ): Promise<SdxRecord[]> {
    const companyParameter = service.startsWith('Get') ? 'pCompany_Code' : 'Company_Code';
    const body = buildRequest(service, {
      ...values,
      Authorization_ID: settings.authorizationId,
      GUID: guid,
      [companyParameter]: settings.companyCode,
    } as ServiceValues<S>);
    const { url, headers } = endpoint(service);
    const answer = await authorised(url, 'POST', headers, body);
    if (!service.startsWith('Get')) return interpret(service, answer);
    // A SOAP answer only: an HTTP failure's page is never remembered as rows.
    if (answer.status !== 200) return interpret(service, answer);
    const query = `${base} ${settings.companyCode} ${service} ${JSON.stringify(values)}`;
    return answers.read(query, answer.bytes, () => interpret(service, answer));
  }

  return {
    batch() {
      const batch = { guid: randomUUID() };
      const warnings: string[] = [];
      return {
        warnings,
        async get(service, filters) {
          const records = await withRetries(() => call(service, filters, batch.guid), batch);
          // Data rows have no code; a lone `W` says "nothing found", a last `W` that the list was cut.
          const rows = records.filter((record) => !record.Error_Code);
          const notes = rows.length === records.length ? [] : records.filter((record) => record.Error_Code);
          return { rows, complete: !notes.map(statusOf).some(isRowLimit) };
        },

        async put(service, values) {
          const records = await withRetries(() => call(service, values, batch.guid), batch);
          for (const status of records.map(statusOf)) if (status.code === 'W') warnings.push(status.message);
        },
      };
    },

    getJson(path) {
      const basic = `Basic ${Buffer.from(`${settings.companyCode}:${settings.authorizationId}`).toString('base64')}`;
      const headers: Record<string, string> = token
        ? { Accept: 'application/json' }
        : { Accept: 'application/json', Authorization: basic };
      return withRetries(async () => {
        const answer = await authorised(new URL(`${base}${path}`), 'GET', headers);
        refuseHttpStatus(answer, `GET ${path}`);
        try {
          return JSON.parse(answer.body) as unknown;
        } catch (error) {
          throw new TransientErpError(`Spectrum answered GET ${path} with malformed JSON`, { cause: error });
        }
      });
    },
  };
}

/** A token from `/connect/token`, kept until shortly before it expires; concurrent callers share one request. */
function createTokenSource(
  base: string,
  credentials: { clientId: string; clientSecret: string },
  exchange: (url: URL, method: 'POST', headers: Record<string, string>, body: string) => Promise<HttpAnswer>,
) {
  const fetchToken = async () => {
    const answer = await exchange(
      new URL(`${base}/connect/token`),
      'POST',
      { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      new URLSearchParams({
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: 'spectrumapi',
        grant_type: 'client_credentials',
      }).toString(),
    );
    refuseHttpStatus(answer, 'the token request (enhanced authentication)');
    let granted: { access_token?: unknown; expires_in?: unknown };
    try {
      granted = JSON.parse(answer.body);
    } catch (error) {
      throw new TransientErpError('Spectrum answered the token request with malformed JSON', {
        cause: error,
      });
    }
    if (typeof granted.access_token !== 'string')
      throw new TransientErpError('Spectrum answered the token request without an access token');
    const lifetimeMs = (typeof granted.expires_in === 'number' ? granted.expires_in : 60) * 1000;
    // Renewed a little early, so a call never leaves with a token that expires on the way.
    return { value: granted.access_token, expiresAt: Date.now() + lifetimeMs * 0.9 };
  };
  let token: Promise<{ value: string; expiresAt: number }> | undefined;
  const load = () => {
    const request = fetchToken();
    token = request;
    request.catch(() => {
      if (token === request) token = undefined;
    });
    return request;
  };
  /** A new token unless another caller replaced `stale` already: callers that meet together share one. */
  const replace = (stale: typeof token) => (token && token !== stale ? token : load());
  return {
    async current(): Promise<string> {
      const held = token ?? load();
      const { value, expiresAt } = await held;
      return expiresAt > Date.now() ? value : (await replace(held)).value;
    },
    /** A new token after the server refused `refused`. */
    async renew(refused: string): Promise<string> {
      const held = token;
      const current = held ? await held.catch(() => undefined) : undefined;
      if (current && current.value !== refused) return current.value;
      return (await replace(held)).value;
    },
  };
}

/** A status that is not a SOAP answer: 5xx, 408 and 429 are worth retrying, other 4xx are refusals. */
function refuseHttpStatus(answer: HttpAnswer, what: string): void {
  const { status } = answer;
  if (status >= 200 && status < 300) return;
  const message = `Spectrum answered ${what} with HTTP ${status}`;
  if (status >= 500 || status === 408 || status === 429) throw new TransientErpError(message);
  throw new RejectedErpError(message, undefined, `HTTP ${status}`);
}

function interpret(service: Service, answer: HttpAnswer): SdxRecord[] {
  let parsed: ReturnType<typeof parseAnswer>;
  try {
    parsed = parseAnswer(service, answer.body);
  } catch (error) {
    // Not XML at all (a proxy's error page): the status decides, else it was garbled on the way.
    refuseHttpStatus(answer, service);
    throw new TransientErpError(`Spectrum answered ${service} with malformed XML`, { cause: error });
  }
  if (parsed.kind === 'fault') {
    const message = `Spectrum ${service}: ${parsed.faultString || parsed.faultCode}`;
    // `SOAP-ENV:Server` is the server failing ("Error executing Web Service" under load); `Client` is our request.
    if (/(^|:)Server/i.test(parsed.faultCode)) throw new TransientErpError(message);
    throw new RejectedErpError(message, undefined, parsed.faultCode);
  }
  refuseHttpStatus(answer, service);
  const statuses = parsed.records.map(statusOf);
  if (statuses.some(isSessionTimeout)) throw new SessionExpired();
  // Any code that is neither a success nor a warning refuses the record (`A`, `I`, `M`, and the `E`
  // the Web Service Types page shows on a Get row).
  const refused = statuses.filter((status) => !success.has(status.code) && status.code !== 'W');
  if (refused.length > 0) {
    throw new RejectedErpError(
      refused.map((status) => status.message || `${status.column} refused`).join('; '),
      refused[0]!.column || undefined,
      refused[0]!.code,
    );
  }
  if (parsed.cutMidRow) {
    throw new TransientErpError(
      `Spectrum's answer to ${service} was cut off in a row after ${parsed.records.length} complete ones`,
    );
  }
  if (parsed.records.length === 0)
    throw new TransientErpError(`Spectrum answered ${service} without any record`);
  return parsed.records;
}
