import { request } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  ADDED,
  ERROR_FIELDS,
  GET_SERVICES,
  type GetService,
  getRows,
  lowerCamel,
  PARAMETERS,
  PUT_SERVICES,
  type PutService,
  parseFault,
  parseXmlWithAttributes,
  putResponses,
  RETURN_FIELDS,
  SDX_NAMESPACE,
  SERVICES,
  SOAP_NAMESPACE,
  STYLES,
  simulatorPerFile,
  soapRequest,
} from './raw-sdx.ts';

/*
 * Transport (digest §1, §3; ERP.md §2 "Transport"; brief §1): POST {base}/ws/{Service}, SOAP 1.1
 * envelopes in any namespace style, every documented parameter present, WSDLs at /wsdls/{Service}.jws.
 */

const t = simulatorPerFile();

/** Level-1 `M` records an otherwise empty request (Authorization_ID DEMO, company 001) must draw. */
const REQUIRED_WHEN_EMPTY: Record<PutService, string[]> = {
  AddJob: ['Job_Number', 'Taxable_Flag', 'Price_Method_Code'],
  AddPhase: ['Job_Number', 'Phase_Code', 'Cost_Type'],
  AddVendor: ['Vendor_Code', 'Vendor_Name', 'Alpha_Sort', 'Terms_Code', 'Terms_Days', 'Terms_Disc_Code'],
  UpdateVendor: ['Vendor_Code'],
  UpdateSubcontract: ['Vendor_Code', 'Subcontract_Number'],
  UpdateSubcontractPhases: ['Vendor_Code', 'Subcontract_Number'],
  ARChangeRequest: ['Job_Number', 'Customer_Code'],
};

describe('SOAP envelopes', () => {
  it('answers a documented GetJob as SOAP-ENV:Envelope/Body/nis:GetJobResponse/returnArray/returnData/getJob/response', async () => {
    const answer = await t.sdx.send('GetJob');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    const document = parseXmlWithAttributes(answer.xml) as Record<string, Record<string, unknown>>;
    const envelope = document['SOAP-ENV:Envelope']!;
    expect(envelope['@xmlns:SOAP-ENV']).toBe(SOAP_NAMESPACE);
    const body = envelope['SOAP-ENV:Body'] as Record<string, Record<string, unknown>>;
    const response = body['nis:GetJobResponse']!;
    // digest §3: the nis prefix is declared on the response element (or, equivalently, above it).
    expect(response['@xmlns:nis'] ?? body['@xmlns:nis'] ?? envelope['@xmlns:nis']).toBe(SDX_NAMESPACE);
    const rows = getRows('GetJob', answer.xml);
    expect(rows.length).toBeGreaterThan(1);
  });

  it('answers a Put with response records directly under returnData, no wrapper (digest §3)', async () => {
    const answer = await t.sdx.send('AddJob', {
      Job_Number: 'T-ENV',
      Taxable_Flag: 'N',
      Price_Method_Code: 'F',
    });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    const document = parseXmlWithAttributes(answer.xml) as Record<string, Record<string, unknown>>;
    const envelope = document['SOAP-ENV:Envelope']!;
    expect(envelope['@xmlns:SOAP-ENV']).toBe(SOAP_NAMESPACE);
    const body = envelope['SOAP-ENV:Body'] as Record<string, Record<string, unknown>>;
    const response = body['nis:AddJobResponse']!;
    expect(response['@xmlns:nis'] ?? body['@xmlns:nis'] ?? envelope['@xmlns:nis']).toBe(SDX_NAMESPACE);
    const records = putResponses('AddJob', answer.xml);
    expect(records).toEqual(ADDED);
    expect(Object.keys(records[0]!)).toEqual(['error_code', 'desc', 'column']);
  });

  it.each(GET_SERVICES)('%s reads the same request in every namespace style', async (service) => {
    const [first, ...others] = await Promise.all(
      STYLES.map(async (style) => {
        const answer = await t.sdx.send(service, {}, { style });
        expect(answer.status, `${style}: ${answer.xml}`).toBe(200);
        return getRows(service, answer.xml);
      }),
    );
    expect(first!.length).toBeGreaterThan(0);
    for (const rows of others) expect(rows).toEqual(first);
  });

  it.each(PUT_SERVICES)(
    '%s reads every parameter in every namespace style (empty ones draw M)',
    async (service) => {
      for (const style of STYLES) {
        const answer = await t.sdx.send(service, {}, { style });
        expect(answer.status, `${style}: ${answer.xml}`).toBe(200);
        const records = putResponses(service, answer.xml);
        for (const column of REQUIRED_WHEN_EMPTY[service]) {
          expect(records, `${style}: ${column}`).toContainEqual(
            expect.objectContaining({ error_code: 'M', column }),
          );
        }
        expect(
          records.every((r) => r.error_code === 'M'),
          `${style}: ${answer.xml}`,
        ).toBe(true);
      }
    },
  );

  it('accepts text/plain as well as text/xml, any SOAPAction or none', async () => {
    const xml = soapRequest('GetJob');
    const reference = getRows('GetJob', (await t.sdx.post('GetJob', xml)).xml);
    for (const init of [
      { contentType: 'text/plain' },
      { contentType: 'text/plain; charset=utf-8' },
      { soapAction: null },
      { soapAction: '""' },
      { soapAction: '"GetJob"' },
      { soapAction: 'urn:something-else' },
    ]) {
      const answer = await t.sdx.post('GetJob', xml, init);
      expect(answer.status, JSON.stringify(init)).toBe(200);
      expect(getRows('GetJob', answer.xml)).toEqual(reference);
    }
  });

  it('ignores unknown extra elements (ERP.md §2)', async () => {
    const reference = await t.sdx.get('GetPhase', { pJob_Number: 'STANDARD' });
    const withExtra = await t.sdx.get(
      'GetPhase',
      { pJob_Number: 'STANDARD' },
      { extra: { pPhase_Code: '99999', Something_Else: 'x' } },
    );
    expect(withExtra).toEqual(reference);
    expect(
      await t.sdx.put(
        'AddJob',
        { Job_Number: 'T-EXTRA', Taxable_Flag: 'Y', Price_Method_Code: 'T' },
        { extra: { Not_A_Parameter: 'ignored' } },
      ),
    ).toEqual(ADDED);
  });

  it('reads escaped XML characters in a request and escapes them again in the answer', async () => {
    const description = `A&B <Annex> "O'Neil"`;
    expect(
      await t.sdx.put('AddJob', {
        Job_Number: 'T-ESC',
        Job_Description: description,
        Taxable_Flag: 'N',
        Price_Method_Code: 'F',
      }),
    ).toEqual(ADDED);
    expect(t.sim.state().jobs.find((j) => j.Job_Number === 'T-ESC')).toMatchObject({
      Job_Description: description,
    });
    const answer = await t.sdx.send('GetJob');
    expect(answer.xml).not.toContain(description); // escaped on the wire
    expect(getRows('GetJob', answer.xml).find((row) => row.Job_Number === 'T-ESC')).toMatchObject({
      Job_Description: description,
    });
  });

  it('faults malformed XML as SOAP-ENV:Client (SOAP 1.1 §4.4.1)', async () => {
    const broken = soapRequest('GetJob').replace('</typ:GetJob>', '');
    const answer = await t.sdx.post('GetJob', broken);
    expect(answer.status).toBe(500);
    expect(parseFault(answer.status, answer.xml).faultcode).toBe('SOAP-ENV:Client');
  });

  it('faults a body element outside the SDX namespace or naming another service', async () => {
    const foreign = soapRequest('GetJob', {}, { style: 'default-namespace' }).replace(
      `xmlns="${SDX_NAMESPACE}"`,
      'xmlns="urn:not-spectrum"',
    );
    const foreignFault = await t.sdx.faultOf('GetJob', foreign);
    expect(foreignFault).toMatchObject({ status: 500, faultcode: 'SOAP-ENV:Client' });
    const writes = t.sim.state().writes.AddJob ?? 0;
    const mismatch = await t.sdx.faultOf('AddJob', soapRequest('GetJob'));
    expect(mismatch).toMatchObject({ status: 500, faultcode: 'SOAP-ENV:Client' });
    expect(t.sim.state().writes.AddJob).toBe(writes);
  });
});

describe('every documented parameter must be present (digest §3: ProIV requires the elements)', () => {
  it.each(SERVICES)(
    '%s faults a request missing any one parameter, naming it, and stores nothing',
    async (service) => {
      const before = t.sim.state().writes;
      for (const name of PARAMETERS[service]) {
        const fault = await t.sdx.fault(service, {}, { omit: [name] });
        expect(fault, name).toEqual({
          status: 500,
          faultcode: 'SOAP-ENV:Client',
          faultstring: `Missing parameter: ${name}`,
        });
      }
      expect(t.sim.state().writes).toEqual(before);
    },
  );

  it.each(SERVICES)('%s names every missing parameter at once', async (service) => {
    const parameters = PARAMETERS[service];
    const omit = [parameters[1]!, parameters[parameters.length - 1]!];
    expect(await t.sdx.fault(service, {}, { omit })).toEqual({
      status: 500,
      faultcode: 'SOAP-ENV:Client',
      faultstring: `Missing parameter: ${omit.join(', ')}`,
    });
  });

  it('faults a documented request that still uses the old profile names (GetPhase without pCost_Center)', async () => {
    // The first release sent pPhase_Code and no pCost_Center/pSort_By (digest §20.2).
    const old = soapRequest(
      'GetPhase',
      { pJob_Number: 'STANDARD' },
      {
        omit: ['pCost_Center', 'pSort_By'],
        extra: { pPhase_Code: '' },
      },
    );
    expect(await t.sdx.faultOf('GetPhase', old)).toEqual({
      status: 500,
      faultcode: 'SOAP-ENV:Client',
      faultstring: 'Missing parameter: pCost_Center, pSort_By',
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// WSDLs

type Node = Record<string, unknown>;
const wsdlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) =>
    [
      'element',
      'complexType',
      'message',
      'part',
      'operation',
      'portType',
      'binding',
      'service',
      'port',
    ].includes(name),
});
const local = (qname: unknown): string => String(qname).replace(/^.*:/, '');
const list = (value: unknown): Node[] => (value === undefined ? [] : (value as Node[]));

interface Wsdl {
  text: string;
  definitions: Node;
  schema: Node;
}

async function wsdl(url: string, service: string): Promise<Wsdl & { status: number; contentType: string }> {
  const response = await fetch(`${url}/wsdls/${service}.jws`);
  const text = await response.text();
  const parsed = response.status === 200 ? (wsdlParser.parse(text) as Node) : {};
  const definitions = (parsed.definitions ?? {}) as Node;
  const schema = ((definitions.types as Node | undefined)?.schema ?? {}) as Node;
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    definitions,
    schema,
  };
}

/** The children of an element declaration: its inline complexType or the named one it refers to. */
function children(schema: Node, element: Node): Node[] {
  const inline = list(element.complexType)[0];
  const named =
    element['@type'] === undefined
      ? undefined
      : list(schema.complexType).find((type) => type['@name'] === local(element['@type']));
  const type = inline ?? named;
  const sequence = (type?.sequence ?? type?.all) as Node | undefined;
  return list(sequence?.element);
}

function child(schema: Node, element: Node, name: string): Node {
  const found = children(schema, element).find((e) => e['@name'] === name);
  if (!found) throw new Error(`no <${name}> under <${String(element['@name'])}> in the WSDL schema`);
  return found;
}

const topElement = (schema: Node, name: string): Node => {
  const found = list(schema.element).find((e) => e['@name'] === name);
  if (!found) throw new Error(`no top-level element ${name} in the WSDL schema`);
  return found;
};

describe('WSDLs at /wsdls/{Service}.jws (digest §1, brief §1)', () => {
  it.each(SERVICES)(
    '%s: document/literal, one operation, the documented parameters in order',
    async (service) => {
      const { status, contentType, text, definitions, schema } = await wsdl(t.sim.url, service);
      expect(status).toBe(200);
      expect(contentType).toMatch(/^text\/xml/);
      expect(definitions['@targetNamespace']).toBe(SDX_NAMESPACE);
      expect(schema['@targetNamespace']).toBe(SDX_NAMESPACE);
      expect(schema['@elementFormDefault']).toBe('qualified');
      expect(text).toContain('http://schemas.xmlsoap.org/wsdl/soap/'); // a SOAP 1.1 binding

      const parameters = children(schema, topElement(schema, service));
      expect(parameters.map((p) => p['@name'])).toEqual([...PARAMETERS[service]]);
      for (const parameter of parameters) {
        expect(local(parameter['@type']), String(parameter['@name'])).toBe('string');
        expect(parameter['@minOccurs'] ?? '1', String(parameter['@name'])).toBe('1');
        expect(parameter['@maxOccurs'] ?? '1', String(parameter['@name'])).toBe('1');
      }

      const portTypes = list(definitions.portType);
      expect(portTypes).toHaveLength(1);
      expect(list(portTypes[0]!.operation).map((o) => o['@name'])).toEqual([service]);

      const bindings = list(definitions.binding);
      expect(bindings).toHaveLength(1);
      const soapBinding = list((bindings[0] as Node).binding)[0] ?? ((bindings[0] as Node).binding as Node);
      expect(soapBinding['@style'] ?? 'document').toBe('document');
      const operation = list(bindings[0]!.operation)[0]!;
      expect(operation['@name']).toBe(service);
      const soapOperation = list(operation.operation)[0] ?? (operation.operation as Node);
      expect(soapOperation['@soapAction']).toBe('');
      expect(((operation.input as Node).body as Node)['@use']).toBe('literal');
      expect(((operation.output as Node).body as Node)['@use']).toBe('literal');

      const services = list(definitions.service);
      expect(services).toHaveLength(1);
      const ports = list(services[0]!.port);
      expect(ports).toHaveLength(1);
      expect((ports[0]!.address as Node)['@location']).toBe(`${t.sim.url}/ws/${service}`);
    },
  );

  it.each(PUT_SERVICES)(
    '%s declares its answer as returnArray/returnData/response(error_code desc column)',
    async (service) => {
      const { schema } = await wsdl(t.sim.url, service);
      const returnData = child(
        schema,
        child(schema, topElement(schema, `${service}Response`), 'returnArray'),
        'returnData',
      );
      const response = child(schema, returnData, 'response');
      expect(response['@maxOccurs']).toBe('unbounded');
      const fields = children(schema, response);
      expect(fields.map((f) => f['@name'])).toEqual(['error_code', 'desc', 'column']);
      for (const element of [
        child(schema, topElement(schema, `${service}Response`), 'returnArray'),
        returnData,
        response,
        ...fields,
      ]) {
        expect(element['@form'], String(element['@name'])).toBe('unqualified');
      }
    },
  );

  it.each(GET_SERVICES)(
    '%s declares its answer as returnArray/returnData/{lowerCamel}/response(fields, Error_*)',
    async (service: GetService) => {
      const { schema } = await wsdl(t.sim.url, service);
      const returnArray = child(schema, topElement(schema, `${service}Response`), 'returnArray');
      const returnData = child(schema, returnArray, 'returnData');
      const wrapper = child(schema, returnData, lowerCamel(service));
      const response = child(schema, wrapper, 'response');
      expect(response['@maxOccurs']).toBe('unbounded');
      const fields = children(schema, response);
      expect(fields.map((f) => f['@name'])).toEqual([...RETURN_FIELDS[service], ...ERROR_FIELDS]);
      for (const field of fields) expect(local(field['@type']), String(field['@name'])).toBe('string');
      for (const element of [returnArray, returnData, wrapper, response, ...fields]) {
        expect(element['@form'], String(element['@name'])).toBe('unqualified');
      }
    },
  );

  it('writes the SOAP address from the Host header of the WSDL request', async () => {
    const port = new URL(t.sim.url).port;
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/wsdls/GetPhase.jws', headers: { host: 'sdx.example.com:8482' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const definitions = (wsdlParser.parse(text) as Node).definitions as Node;
    const port0 = list(list(definitions.service)[0]!.port)[0]!;
    expect((port0.address as Node)['@location']).toBe('http://sdx.example.com:8482/ws/GetPhase');
  });

  it('answers 404 for a service it does not have', async () => {
    expect((await fetch(`${t.sim.url}/wsdls/GetPhaseEnhanced.jws`)).status).toBe(404);
    expect((await fetch(`${t.sim.url}/wsdls/NoSuchService.jws`)).status).toBe(404);
  });
});
