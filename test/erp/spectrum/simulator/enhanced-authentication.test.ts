import { describe, expect, it } from 'vitest';
import { EnhancedAuthentication } from '../../../../src/erp/spectrum/simulator/enhanced-authentication.ts';

const client = { clientId: 'ledgergate-demo', clientSecret: 'demo-secret' };
const form = (values: Record<string, string>) =>
  new URLSearchParams({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    scope: 'spectrumapi',
    grant_type: 'client_credentials',
    ...values,
  });

function useClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('simulator Enhanced Authentication', () => {
  it('issues a bearer token for the client credentials, live for its lifetime', () => {
    const clock = useClock();
    const oauth = new EnhancedAuthentication(client, 60_000, clock.now);
    const answer = oauth.token(form({}), undefined);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body);
    expect(body).toEqual({
      access_token: expect.any(String),
      expires_in: 60,
      token_type: 'Bearer',
      scope: 'spectrumapi',
    });
    expect(oauth.allows(`Bearer ${body.access_token}`)).toBe(true);
    clock.advance(59_999);
    expect(oauth.allows(`Bearer ${body.access_token}`)).toBe(true);
    clock.advance(1);
    expect(oauth.allows(`Bearer ${body.access_token}`)).toBe(false);
  });

  it('takes the client credentials from HTTP Basic as well (RFC 6749 §2.3.1)', () => {
    const oauth = new EnhancedAuthentication(client, 60_000, Date.now);
    const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
    const answer = oauth.token(
      new URLSearchParams({ scope: 'spectrumapi', grant_type: 'client_credentials' }),
      basic,
    );
    expect(answer.status).toBe(200);
  });

  it.each([
    [{ client_secret: 'wrong' }, 'invalid_client'],
    [{ client_id: 'someone' }, 'invalid_client'],
    [{ grant_type: 'password' }, 'unsupported_grant_type'],
    [{ scope: 'everything' }, 'invalid_scope'],
    [{ scope: '' }, 'invalid_request'],
  ])('refuses %j: 400 %s', (values, error) => {
    const oauth = new EnhancedAuthentication(client, 60_000, Date.now);
    const answer = oauth.token(form(values), undefined);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error });
  });

  it('allows no request without a live bearer token', () => {
    const oauth = new EnhancedAuthentication(client, 60_000, Date.now);
    expect(oauth.allows(undefined)).toBe(false);
    expect(oauth.allows('Bearer not-a-token')).toBe(false);
    expect(oauth.allows(`Basic ${Buffer.from('001:DEMO').toString('base64')}`)).toBe(false);
  });

  it('rotates the secret for a bearer: the new secret works, the old one no longer does, tokens live on', () => {
    const clock = useClock();
    const oauth = new EnhancedAuthentication(client, 60_000, clock.now);
    const token = JSON.parse(oauth.token(form({}), undefined).body).access_token as string;
    expect(oauth.rotateSecret(form({}), undefined).status).toBe(401);
    const rotated = oauth.rotateSecret(form({}), `Bearer ${token}`);
    expect(rotated.status).toBe(200);
    const { client_secret, estimated_expiration } = JSON.parse(rotated.body);
    expect(client_secret).not.toBe(client.clientSecret);
    expect(Date.parse(estimated_expiration)).toBeGreaterThan(clock.now() + 7 * 86_400_000);
    expect(oauth.token(form({}), undefined).status).toBe(400);
    expect(oauth.token(form({ client_secret }), undefined).status).toBe(200);
    expect(oauth.allows(`Bearer ${token}`)).toBe(true);
  });
});
