import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { basicAuth, getRows, RawSdx, simulatorPerFile, soapRequest } from './raw-sdx.ts';

/*
 * Enhanced Authentication (digest §2, additions §4.1, brief §2): OAuth client credentials at
 * /connect/token, bearer tokens on every /ws and /vendors call while it is on, /secretRotation.
 */

const CLIENT = {
  client_id: 'ledgergate-demo',
  client_secret: 'demo-secret',
  scope: 'spectrumapi',
  grant_type: 'client_credentials',
};
const OAUTH = { clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret };

async function form(
  url: string,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body: body as Record<string, unknown>, headers: response.headers };
}

async function token(url: string, fields: Record<string, string> = CLIENT): Promise<string> {
  const answer = await form(url, '/connect/token', fields);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.access_token as string;
}

describe('enhanced authentication on', () => {
  const t = simulatorPerFile({ oauth: OAUTH });

  it('issues a bearer token for the client credentials: access_token, expires_in 3600, Bearer, spectrumapi', async () => {
    const answer = await form(t.sim.url, '/connect/token', CLIENT);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'spectrumapi' });
    expect(typeof answer.body.access_token).toBe('string');
    expect((answer.body.access_token as string).length).toBeGreaterThan(0);
  });

  it('refuses wrong credentials as invalid_client and other bad forms with their OAuth error', async () => {
    for (const fields of [
      { ...CLIENT, client_secret: 'wrong' },
      { ...CLIENT, client_id: 'someone-else' },
    ]) {
      const answer = await form(t.sim.url, '/connect/token', fields);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'invalid_client' });
    }
    expect((await form(t.sim.url, '/connect/token', { ...CLIENT, grant_type: 'password' })).body).toEqual({
      error: 'unsupported_grant_type',
    });
    expect((await form(t.sim.url, '/connect/token', { ...CLIENT, scope: 'everything' })).body).toEqual({
      error: 'invalid_scope',
    });
    const { grant_type: _, ...withoutGrant } = CLIENT;
    const missing = await form(t.sim.url, '/connect/token', withoutGrant);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'invalid_request' });
  });

  it('answers 401 with WWW-Authenticate: Bearer to SOAP calls without a live token', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token', basicAuth('001', 'DEMO')]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const answer = await new RawSdx(t.sim.url, headers).send('GetJob');
      expect(answer.status, String(authorization)).toBe(401);
    }
    const response = await fetch(`${t.sim.url}/ws/GetJob`, { method: 'POST', body: soapRequest('GetJob') });
    expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Bearer/);
  });

  it('serves SOAP calls with the bearer token; the Authorization_ID element still decides', async () => {
    const sdx = new RawSdx(t.sim.url, { authorization: `Bearer ${await token(t.sim.url)}` });
    const rows = await sdx.get('GetJob');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]!.Error_Code).toBe('');
    const refused = await sdx.get('GetJob', { Authorization_ID: 'NOSUCHID' });
    expect(refused[0]).toMatchObject({ Error_Code: 'A', Error_Column: 'Authorization_ID' });
    expect(
      await sdx.put('AddJob', { Job_Number: 'OA-1', Taxable_Flag: 'N', Price_Method_Code: 'F' }),
    ).toEqual([{ error_code: '', desc: 'added', column: '' }]);
  });

  it('serves GET /vendors with the bearer token instead of Basic, and refuses Basic alone', async () => {
    const bearer = `Bearer ${await token(t.sim.url)}`;
    const listed = await fetch(`${t.sim.url}/vendors/001`, { headers: { authorization: bearer } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as unknown[]).length).toBeGreaterThan(0);
    const basic = await fetch(`${t.sim.url}/vendors/001`, {
      headers: { authorization: basicAuth('001', 'DEMO') },
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate') ?? '').toMatch(/^Bearer/);
  });

  it('never asks a token for /wsdls or /_sim', async () => {
    expect((await fetch(`${t.sim.url}/wsdls/GetJob.jws`)).status).toBe(200);
    expect((await fetch(`${t.sim.url}/_sim/state`)).status).toBe(200);
    const faults = await fetch(`${t.sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 0 }),
    });
    expect(faults.status).toBe(200);
  });

  it('rotates the secret for a bearer: the new secret gets tokens', async () => {
    const bearer = `Bearer ${await token(t.sim.url)}`;
    expect((await form(t.sim.url, '/secretRotation', CLIENT)).status).toBe(401);
    const rotated = await form(t.sim.url, '/secretRotation', CLIENT, { authorization: bearer });
    expect(rotated.status).toBe(200);
    expect(typeof rotated.body.client_secret).toBe('string');
    expect(rotated.body.client_secret).not.toBe(CLIENT.client_secret);
    expect(rotated.body.estimated_expiration).toBeDefined();
    const fresh = await token(t.sim.url, { ...CLIENT, client_secret: rotated.body.client_secret as string });
    const answer = await new RawSdx(t.sim.url, { authorization: `Bearer ${fresh}` }).send('GetJob');
    expect(answer.status).toBe(200);
    expect(getRows('GetJob', answer.xml).length).toBeGreaterThan(1);
  });
});

describe('token lifetime (tokenTtlMs)', () => {
  const t = simulatorPerFile({ oauth: OAUTH, tokenTtlMs: 300 });

  it('refuses a token once it has expired, and takes a new one', async () => {
    const old = await token(t.sim.url);
    const sdx = new RawSdx(t.sim.url, { authorization: `Bearer ${old}` });
    expect((await sdx.send('GetJob')).status).toBe(200);
    await sleep(450);
    expect((await sdx.send('GetJob')).status).toBe(401);
    const renewed = new RawSdx(t.sim.url, { authorization: `Bearer ${await token(t.sim.url)}` });
    expect((await renewed.send('GetJob')).status).toBe(200);
  });
});

describe('enhanced authentication off (the default)', () => {
  const t = simulatorPerFile();

  it('needs no token: SOAP and Basic REST work as documented', async () => {
    expect((await t.sdx.send('GetJob')).status).toBe(200);
    const listed = await fetch(`${t.sim.url}/vendors/001`, {
      headers: { authorization: basicAuth('001', 'DEMO') },
    });
    expect(listed.status).toBe(200);
  });
});
