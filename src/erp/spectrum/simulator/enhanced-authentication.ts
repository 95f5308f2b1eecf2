import { randomBytes } from 'node:crypto';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How long a rotated secret is expected to last: the middle of the documented 7–120 days *(our profile)*. */
const secretLifetimeMs = 90 * 24 * 60 * 60 * 1000;

/**
 * Spectrum's Enhanced Authentication (additions §4.1; brief §2): OAuth 2.0 client credentials. The
 * docs name the fields but not the method, content type or error answers; these follow RFC 6749
 * *(our profile)*: `POST /connect/token` with a form body (the client may also authenticate with HTTP
 * Basic), errors as 400 `{ "error": … }`. While it is on, every `/ws/*` and `/vendors/*` call needs a
 * live bearer token. Rotating the secret retires the old one; tokens already issued live on.
 */
export class EnhancedAuthentication {
  #secret: string;
  /** Token → expiry; issued with one lifetime, so insertion order is expiry order. */
  readonly #tokens = new Map<string, number>();

  constructor(
    private readonly client: OAuthClient,
    private readonly tokenTtlMs: number,
    private readonly now: () => number,
  ) {
    this.#secret = client.clientSecret;
  }

  /** `POST /connect/token`. */
  token(form: URLSearchParams, authorization: string | undefined): JsonAnswer {
    const refused = this.#checkCredentials(form, authorization);
    if (refused) return refused;
    const accessToken = randomBytes(32).toString('base64url');
    const now = this.now();
    this.#forgetExpired(now);
    this.#tokens.set(accessToken, now + this.tokenTtlMs);
    return json(200, {
      access_token: accessToken,
      expires_in: Math.ceil(this.tokenTtlMs / 1000),
      token_type: 'Bearer',
      scope: 'spectrumapi',
    });
  }

  /** `POST /secretRotation`: a bearer token plus the four token fields with the current secret. */
  rotateSecret(form: URLSearchParams, authorization: string | undefined): JsonAnswer {
    if (!this.allows(authorization)) return unauthorized();
    const refused = this.#checkCredentials(form, undefined);
    if (refused) return refused;
    this.#secret = randomBytes(24).toString('base64url');
    return json(200, {
      client_secret: this.#secret,
      estimated_expiration: new Date(this.now() + secretLifetimeMs).toISOString(),
    });
  }

  /** Whether an `Authorization` header carries a live bearer token. */
  allows(authorization: string | undefined): boolean {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const expires = token === undefined ? undefined : this.#tokens.get(token);
    return expires !== undefined && this.now() < expires;
  }

  #checkCredentials(form: URLSearchParams, authorization: string | undefined): JsonAnswer | undefined {
    const basic = basicCredentials(authorization);
    const clientId = form.get('client_id') ?? basic?.user;
    const clientSecret = form.get('client_secret') ?? basic?.password;
    const grantType = form.get('grant_type');
    const scope = form.get('scope');
    if (!clientId || !clientSecret || !grantType || !scope) return json(400, { error: 'invalid_request' });
    if (clientId !== this.client.clientId || clientSecret !== this.#secret) {
      return json(400, { error: 'invalid_client' });
    }
    if (grantType !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    if (scope !== 'spectrumapi') return json(400, { error: 'invalid_scope' });
    return undefined;
  }

  #forgetExpired(now: number): void {
    for (const [token, expires] of this.#tokens) {
      if (expires > now) return;
      this.#tokens.delete(token);
    }
  }
}

export function unauthorized(): JsonAnswer {
  return {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
    body: JSON.stringify({ error: 'invalid_token' }),
  };
}

export function json(status: number, body: unknown): JsonAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
