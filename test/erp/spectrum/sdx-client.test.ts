import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RejectedErpError, TransientErpError } from '../../../src/erp/connector.ts';
import { createAnswerMemory } from '../../../src/erp/spectrum/answer-memory.ts';
import {
  createSdxClient,
  isRefusalAfterRetry,
  type SdxBatch,
  type SdxClient,
} from '../../../src/erp/spectrum/sdx-client.ts';
import { testOutbound } from '../../support/context.ts';

/** One request as the stub saw it. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  parameters: Record<string, string>;
}
type Reply = (response: ServerResponse) => void;

const envelope = (service: string, responses: string) =>
  `<?xml version="1.0" encoding="utf-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">` +
  `<SOAP-ENV:Body><nis:${service}Response xmlns:nis="http://www.northgate-is.com/proiv/webservices/types">` +
  `<returnArray><returnData>${responses}</returnData></returnArray></nis:${service}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
const putRecord = (code: string, desc: string, column = '') =>
  `<response><error_code>${code}</error_code><desc>${desc}</desc><column>${column}</column></response>`;
const getRow = (fields: Record<string, string>, code = '', desc = '', column = '') =>
  `<response>${Object.entries(fields)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join(
      '',
    )}<Error_Code>${code}</Error_Code><Error_Description>${desc}</Error_Description><Error_Column>${column}</Error_Column></response>`;
const fault = (code: string, text: string) =>
  `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>` +
  `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

const xml =
  (body: string, status = 200): Reply =>
  (response) => {
    response.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' });
    response.end(body);
  };
const stored = (service: string) => xml(envelope(service, putRecord('', 'added')));
/** A Get answer as public clients meet it: the rows wrapped in an element named after the service. */
const rows = (count: number, extra = '') =>
  envelope(
    'GetJob',
    `<getJob>${Array.from({ length: count }, (_, n) => getRow({ Job_Number: `J${n}` })).join('')}${extra}</getJob>`,
  );
const guidTimeout = (service: string) =>
  xml(envelope(service, putRecord('A', 'Time out has occurred', 'GUID')));

const requestParser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

describe('SDX client', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen[];
  let replies: Reply[];

  /** Answers the next requests with `queued`, in order, then with the last one. */
  function answer(...queued: Reply[]) {
    replies = queued;
  }

  function sdxClient(overrides: Partial<Parameters<typeof createSdxClient>[0]> = {}): SdxClient {
    return createSdxClient({
      baseUrl,
      authorizationId: 'DEMO',
      companyCode: '001',
      retryDelayMs: 1,
      outbound: testOutbound.erp,
      ...overrides,
    });
  }

  /** A batch of a fresh client: the usual way calls are made. */
  const client = (overrides: Partial<Parameters<typeof createSdxClient>[0]> = {}): SdxBatch =>
    sdxClient(overrides).batch();

  beforeEach(async () => {
    seen = [];
    replies = [];
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        const parsed = body ? requestParser.parse(body)?.Envelope?.Body : undefined;
        const parameters = parsed ? (Object.values(parsed)[0] as Record<string, string>) : {};
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body, parameters });
        const reply = replies.length > 1 ? replies.shift()! : replies[0];
        if (reply) reply(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts a SOAP 1.1 request to /ws/{Service} with the credentials, company and a UUID session', async () => {
    answer(stored('AddPhase'));
    await client().put('AddPhase', { Job_Number: 'J1', Phase_Code: '03300', Cost_Type: 'L' });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', url: '/ws/AddPhase' });
    expect(request!.headers['content-type']).toBe('text/xml; charset=utf-8');
    // Public clients send the endpoint's URL as the action.
    expect(request!.headers.soapaction).toBe(`"${baseUrl}ws/AddPhase"`);
    expect(request!.parameters).toMatchObject({
      Authorization_ID: 'DEMO',
      Company_Code: '001',
      Job_Number: 'J1',
      Description: '',
    });
    expect(request!.parameters.GUID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('names the company filter of a Get service pCompany_Code and returns its data rows', async () => {
    answer(xml(rows(3)));
    const result = await client().get('GetJob', { pStatus_Code: 'C' });
    expect(result.rows.map((row) => row.Job_Number)).toEqual(['J0', 'J1', 'J2']);
    expect(result.complete).toBe(true);
    expect(seen[0]!.parameters).toMatchObject({ pCompany_Code: '001', pStatus_Code: 'C' });
  });

  it('reads the "nothing found" warning of a Get as no rows', async () => {
    answer(xml(envelope('GetPhase', getRow({}, 'W', 'No records found'))));
    expect(await client().get('GetPhase', { pJob_Number: 'NONE' })).toEqual({ rows: [], complete: true });
  });

  it('reads rows under returnData whatever wraps them, and unwrapped ones too', async () => {
    answer(xml(envelope('GetJob', getRow({ Job_Number: 'J9' }))));
    expect((await client().get('GetJob', {})).rows).toEqual([
      { Job_Number: 'J9', Error_Code: '', Error_Description: '', Error_Column: '' },
    ]);
  });

  it('reads an answer identical to the last one to the same query without parsing it again', async () => {
    answer(xml(rows(3)), xml(rows(3)), xml(rows(4)), xml(rows(4)));
    const sdx = sdxClient({ answers: createAnswerMemory(3) });
    const first = await sdx.batch().get('GetJob', {});
    const same = await sdx.batch().get('GetJob', {});
    // The very records of the first answer: recognised by its text, not read again.
    expect(same.rows[0]).toBe(first.rows[0]);
    const changed = await sdx.batch().get('GetJob', {});
    expect(changed.rows).toHaveLength(4);
    // Four rows are more than it keeps: the next identical answer is read again.
    const again = await sdx.batch().get('GetJob', {});
    expect(again.rows).toEqual(changed.rows);
    expect(again.rows[0]).not.toBe(changed.rows[0]);
    expect((await sdx.batch().get('GetJob', { pStatus_Code: 'C' })).rows[0]).not.toBe(first.rows[0]);
  });

  it("keeps one budget for all the clients sharing a memory (a process's connectors), each company's answers apart", async () => {
    answer(xml(rows(3)), xml(rows(3)), xml(rows(3)));
    const answers = createAnswerMemory(3);
    const first = sdxClient({ answers });
    const second = sdxClient({ answers, companyCode: '002' });
    const read = await first.batch().get('GetJob', {});
    // The same text for another company is its own entry; it takes the whole budget.
    expect((await second.batch().get('GetJob', {})).rows[0]).not.toBe(read.rows[0]);
    expect((await first.batch().get('GetJob', {})).rows[0]).not.toBe(read.rows[0]);
  });

  it("says an answer is incomplete when Spectrum's last row says the row limit was reached", async () => {
    answer(xml(rows(3, getRow({ Job_Number: '' }, 'W', 'Maximum rows exceeded'))));
    const result = await client().get('GetJob', {});
    expect(result.rows).toHaveLength(3);
    expect(result.complete).toBe(false);
  });

  it('takes G (good, information in desc) as stored', async () => {
    answer(xml(envelope('ARChangeRequest', putRecord('G', '00017', 'Change_Request_Number'))));
    const batch = client();
    await batch.put('ARChangeRequest', {});
    expect(batch.warnings).toEqual([]);
  });

  it('keeps one GUID for the calls of a batch, and starts a new one for the next batch', async () => {
    answer(stored('AddPhase'));
    const sdx = sdxClient();
    const batch = sdx.batch();
    await batch.put('AddPhase', {});
    await batch.put('AddPhase', {});
    await sdx.batch().put('AddPhase', {});
    const guids = seen.map((request) => request.parameters.GUID);
    expect(guids[1]).toBe(guids[0]);
    expect(guids[2]).not.toBe(guids[0]);
  });

  it('starts a new GUID and retries once when the session timed out, then keeps the new one', async () => {
    answer(guidTimeout('AddPhase'), stored('AddPhase'));
    const sdx = client();
    await sdx.put('AddPhase', {});
    await sdx.put('AddPhase', {});
    const guids = seen.map((request) => request.parameters.GUID);
    expect(guids).toHaveLength(3);
    expect(guids[1]).not.toBe(guids[0]);
    expect(guids[2]).toBe(guids[1]);
  });

  it('renews a timed-out session on Get rows too', async () => {
    answer(xml(envelope('GetJob', getRow({}, 'A', 'Time out has occurred', 'GUID'))), xml(rows(1)));
    expect((await client().get('GetJob', {})).rows).toHaveLength(1);
    expect(seen[1]!.parameters.GUID).not.toBe(seen[0]!.parameters.GUID);
  });

  it('gives up as transient when the new session times out too', async () => {
    answer(guidTimeout('AddPhase'));
    await expect(client().put('AddPhase', {})).rejects.toBeInstanceOf(TransientErpError);
    expect(seen).toHaveLength(2);
  });

  it('refuses each per-field error record with its column and code, without retrying', async () => {
    for (const code of ['I', 'M', 'A']) {
      answer(xml(envelope('AddVendor', putRecord(code, `Vendor code refused (${code})`, 'Vendor_Code'))));
      const failure = await client()
        .put('AddVendor', {})
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RejectedErpError);
      expect(failure).toMatchObject({
        message: `Vendor code refused (${code})`,
        field: 'Vendor_Code',
        erpCode: code,
      });
    }
    expect(seen).toHaveLength(3);
  });

  it('reports every refused column of one record, naming the first', async () => {
    answer(
      xml(
        envelope(
          'AddPhase',
          putRecord('I', 'Cost type is invalid', 'Cost_Type') +
            putRecord('M', 'Description is required', 'Description'),
        ),
      ),
    );
    await expect(client().put('AddPhase', {})).rejects.toMatchObject({
      message: 'Cost type is invalid; Description is required',
      field: 'Cost_Type',
      erpCode: 'I',
    });
  });

  it('treats W as a warning on a stored record, kept on the batch', async () => {
    answer(
      xml(
        envelope(
          'UpdateSubcontract',
          putRecord('', 'updated') + putRecord('W', 'Retention ignored', 'Retention_Percent'),
        ),
      ),
    );
    const batch = client();
    await batch.put('UpdateSubcontract', {});
    await batch.put('UpdateSubcontract', {});
    expect(batch.warnings).toEqual(['Retention ignored', 'Retention ignored']);
  });

  it('retries a SOAP-ENV:Server fault and succeeds', async () => {
    answer(xml(fault('SOAP-ENV:Server', 'Error executing Web Service'), 500), stored('AddJob'));
    await client().put('AddJob', {});
    expect(seen).toHaveLength(2);
  });

  it('gives up on a persistent server fault as transient after its attempts', async () => {
    answer(xml(fault('SOAP-ENV:Server', 'Error executing Web Service'), 500));
    const failure = await client({ attempts: 3 })
      .put('AddJob', {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientErpError);
    expect((failure as Error).message).toMatch(/Error executing Web Service/);
    expect(seen).toHaveLength(3);
  });

  it('refuses a SOAP-ENV:Client fault (our request is wrong; retrying cannot help)', async () => {
    answer(xml(fault('SOAP-ENV:Client', 'Missing parameter Status_Code'), 500));
    await expect(client().put('AddJob', {})).rejects.toMatchObject({
      name: 'RejectedErpError',
      erpCode: 'SOAP-ENV:Client',
    });
    expect(seen).toHaveLength(1);
  });

  it('retries HTTP 5xx without a SOAP body', async () => {
    answer(xml('<html>Bad gateway</html>', 502), stored('AddJob'));
    await client().put('AddJob', {});
    expect(seen).toHaveLength(2);
  });

  it('refuses HTTP 404 (a wrong base URL) without retrying', async () => {
    answer(xml('<html>Not found</html>', 404));
    await expect(client().put('AddJob', {})).rejects.toMatchObject({
      name: 'RejectedErpError',
      erpCode: 'HTTP 404',
    });
    expect(seen).toHaveLength(1);
  });

  it('reads an answer that lost only its closing tags after the last row, as loaded servers send them', async () => {
    const full = rows(50);
    answer(xml(full.slice(0, full.lastIndexOf('</response>') + '</response>'.length + 8)));
    expect((await client().get('GetJob', {})).rows).toHaveLength(50);
    expect(seen).toHaveLength(1);
  });

  it('retries an answer cut in the middle of a row, and returns the whole one', async () => {
    const full = rows(50);
    const cut = full.slice(0, full.indexOf('<Job_Number>J40') + 15);
    answer(xml(cut), xml(cut), xml(full));
    expect((await client().get('GetJob', {})).rows).toHaveLength(50);
    expect(seen).toHaveLength(3);
  });

  it('fails as transient when every answer is cut in a row (rows would be missing)', async () => {
    const full = rows(10);
    answer(xml(full.slice(0, full.lastIndexOf('<response>') + 30)));
    const failure = await client({ attempts: 2 })
      .get('GetJob', {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientErpError);
    expect((failure as Error).message).toMatch(/cut off in a row after 9 complete ones/);
  });

  it('acts on a complete error record inside a cut-off answer', async () => {
    const full = envelope('AddPhase', putRecord('I', 'Phase code does not fit the mask', 'Phase_Code'));
    answer(xml(full.slice(0, full.length - 20)));
    await expect(client().put('AddPhase', {})).rejects.toMatchObject({ field: 'Phase_Code', erpCode: 'I' });
    expect(seen).toHaveLength(1);
  });

  it("marks a refusal that answered a call sent again after an unknown outcome (an add-only create's own record)", async () => {
    const exists = xml(envelope('AddVendor', putRecord('I', 'Vendor_Code already exists', 'Vendor_Code')));
    answer(exists);
    const first = await client()
      .put('AddVendor', {})
      .catch((error: unknown) => error);
    expect(isRefusalAfterRetry(first)).toBe(false);
    answer(xml(fault('SOAP-ENV:Server', 'Error executing Web Service'), 500), exists);
    const again = await client()
      .put('AddVendor', {})
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(RejectedErpError);
    expect(isRefusalAfterRetry(again)).toBe(true);
  });

  it('retries an answer without any record', async () => {
    answer(xml(envelope('AddPhase', '')), stored('AddPhase'));
    await client().put('AddPhase', {});
    expect(seen).toHaveLength(2);
  });

  it('times out a call that does not answer', async () => {
    answer(() => {
      // never answers
    });
    const started = Date.now();
    const failure = await client({ timeoutMs: 100, attempts: 2 })
      .put('AddJob', {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientErpError);
    expect((failure as Error).message).toMatch(/did not answer within 100 ms/);
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('treats a dropped connection as transient', async () => {
    answer((response) => response.socket?.destroy(), stored('AddJob'));
    await client().put('AddJob', {});
    expect(seen).toHaveLength(2);
  });

  it('treats a refused connection as transient', async () => {
    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const failure = await createSdxClient({
      baseUrl: `http://127.0.0.1:${port}`,
      authorizationId: 'DEMO',
      companyCode: '001',
      retryDelayMs: 1,
      outbound: testOutbound.erp,
    })
      .batch()
      .get('GetJob', {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientErpError);
    expect((failure as Error).message).toMatch(/could not be reached/);
    server.listen(0);
  });

  it('reads a JSON endpoint with HTTP Basic Company_Code:Authorization_ID', async () => {
    answer((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('[{"Vendor_Code":"V1"}]');
    });
    expect(await sdxClient().getJson('/vendors/001')).toEqual([{ Vendor_Code: 'V1' }]);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/vendors/001' });
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('001:DEMO').toString('base64')}`);
  });

  it('authenticates SOAP and REST calls with an OAuth token, taking a new one after a 401', async () => {
    const tokens: string[] = [];
    const token =
      (value: string): Reply =>
      (response) => {
        tokens.push(value);
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({
            access_token: value,
            expires_in: 3600,
            token_type: 'Bearer',
            scope: 'spectrumapi',
          }),
        );
      };
    const unauthorised: Reply = (response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Bearer' });
      response.end();
    };
    const json: Reply = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('[]');
    };
    answer(token('t1'), stored('AddPhase'), json, unauthorised, token('t2'), stored('AddPhase'));
    const sdx = sdxClient({ oauth: { clientId: 'client', clientSecret: 'secret' } });
    await sdx.batch().put('AddPhase', {});
    expect(await sdx.getJson('/vendors/001')).toEqual([]);
    await sdx.batch().put('AddPhase', {});
    expect(seen.map((r) => `${r.method} ${r.url} ${r.headers.authorization ?? ''}`)).toEqual([
      'POST /connect/token ',
      'POST /ws/AddPhase Bearer t1',
      'GET /vendors/001 Bearer t1',
      'POST /ws/AddPhase Bearer t1',
      'POST /connect/token ',
      'POST /ws/AddPhase Bearer t2',
    ]);
    expect(new URLSearchParams(seen[0]!.body).toString()).toBe(
      'client_id=client&client_secret=secret&scope=spectrumapi&grant_type=client_credentials',
    );
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('refuses a JSON endpoint that does not accept the credentials', async () => {
    answer((response) => {
      response.writeHead(401);
      response.end();
    });
    await expect(sdxClient().getJson('/vendors/001')).rejects.toMatchObject({
      name: 'RejectedErpError',
      erpCode: 'HTTP 401',
    });
  });
});
