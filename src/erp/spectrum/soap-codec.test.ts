import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildRequest, parseAnswer, serviceParameters } from './soap-codec.ts';

const envelope = (service: string, responses: string) =>
  `<?xml version="1.0" encoding="utf-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <SOAP-ENV:Body>
    <nis:${service}Response xmlns:nis="http://www.northgate-is.com/proiv/webservices/types">
      <returnArray><returnData>${responses}</returnData></returnArray>
    </nis:${service}Response>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
`;

const jobRow = (number: string, description: string) => `
        <response>
          <Company_Code>001</Company_Code><Job_Number>${number}</Job_Number>
          <Job_Description>${description}</Job_Description><Division/><Address_1>1 Main St</Address_1>
          <City>Reno</City><State>NV</State><Zip_Code>01234</Zip_Code><Customer_Code>C1</Customer_Code>
          <Status_Code>A</Status_Code><Cost_Center/><Price_Method_Code>F</Price_Method_Code>
          <Taxable_Flag>N</Taxable_Flag><Error_Code/><Error_Description/><Error_Column/>
        </response>`;

describe('SDX request envelopes', () => {
  const read = (xml: string) =>
    new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml).Envelope.Body;

  it('sends every parameter of the service, in the order of the help pages, empty when unset', () => {
    const xml = buildRequest('AddPhase', { Job_Number: 'J1', Phase_Code: '03300', Cost_Type: 'L' });
    const parameters = read(xml).AddPhase as Record<string, string>;
    expect(Object.keys(parameters)).toEqual([...serviceParameters.AddPhase]);
    expect(parameters).toMatchObject({
      Job_Number: 'J1',
      Phase_Code: '03300',
      Description: '',
      Status_Code: '',
    });
  });

  it('knows as many parameters per service as the help pages list (spectrum-sdx.md, additions), each once', () => {
    const documented = {
      GetJob: 11,
      GetJobMain: 11,
      GetPhase: 8,
      AddJob: 72,
      AddPhase: 20,
      AddVendor: 78,
      UpdateVendor: 78,
      UpdateSubcontract: 31,
      UpdateSubcontractPhases: 14,
      ARChangeRequest: 56,
    };
    for (const [service, parameters] of Object.entries(serviceParameters)) {
      expect(new Set(parameters).size, service).toBe(documented[service as keyof typeof documented]);
      expect(parameters.slice(0, 2), service).toEqual(['Authorization_ID', 'GUID']);
    }
    expect(serviceParameters.GetPhase).toEqual([
      'Authorization_ID',
      'GUID',
      'pCompany_Code',
      'pCost_Type',
      'pJob_Number',
      'pStatus_Code',
      'pCost_Center',
      'pSort_By',
    ]);
  });

  it('qualifies the body in the SDX namespace inside a SOAP 1.1 envelope', () => {
    const xml = buildRequest('GetJob', {});
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);
    const root = parsed['SOAP-ENV:Envelope'];
    expect(root['@xmlns:SOAP-ENV']).toBe('http://schemas.xmlsoap.org/soap/envelope/');
    expect(root['@xmlns:nis']).toBe('http://www.northgate-is.com/proiv/webservices/types');
    expect(Object.keys(root['SOAP-ENV:Body']['nis:GetJob'])).toEqual(
      serviceParameters.GetJob.map((name) => `nis:${name}`),
    );
  });

  it('escapes markup in values so a description cannot break the envelope', () => {
    const description = 'Doors & <frames> "A"';
    const xml = buildRequest('AddPhase', { Description: description });
    expect(read(xml).AddPhase.Description).toBe(description);
  });
});

describe('SDX answers', () => {
  it('reads one record per Get row, keeping codes as text', () => {
    const answer = parseAnswer(
      'GetJob',
      envelope('GetJob', jobRow('J-100', 'Tower &amp; Plaza') + jobRow('J2', 'Two')),
    );
    expect(answer).toMatchObject({ kind: 'records', cutMidRow: false });
    if (answer.kind !== 'records') throw new Error('records expected');
    expect(answer.records).toHaveLength(2);
    expect(answer.records[0]).toMatchObject({
      Job_Number: 'J-100',
      Job_Description: 'Tower & Plaza',
      Zip_Code: '01234',
      Division: '',
      Error_Code: '',
    });
  });

  it('reads a lone record too (not only lists)', () => {
    const answer = parseAnswer(
      'GetPhase',
      envelope(
        'GetPhase',
        '<response><Error_Code>W</Error_Code><Error_Description>No records found</Error_Description><Error_Column/></response>',
      ),
    );
    expect(answer).toEqual({
      kind: 'records',
      cutMidRow: false,
      records: [{ Error_Code: 'W', Error_Description: 'No records found', Error_Column: '' }],
    });
  });

  it('reads Get rows under the element that wraps them (`getJob`), as public clients expect', () => {
    const answer = parseAnswer(
      'GetJob',
      envelope('GetJob', `<getJob>${jobRow('J1', 'One')}${jobRow('J2', 'Two')}</getJob>`),
    );
    expect(answer.kind === 'records' && answer.records.map((row) => row.Job_Number)).toEqual(['J1', 'J2']);
  });

  it('reads every error record of a Put', () => {
    const answer = parseAnswer(
      'AddPhase',
      envelope(
        'AddPhase',
        `<response><error_code>I</error_code><desc>Cost type is invalid</desc><column>Cost_Type</column></response>
         <response><error_code>M</error_code><desc>Description is required</desc><column>Description</column></response>`,
      ),
    );
    expect(answer).toMatchObject({
      kind: 'records',
      records: [
        { error_code: 'I', desc: 'Cost type is invalid', column: 'Cost_Type' },
        { error_code: 'M', desc: 'Description is required', column: 'Description' },
      ],
    });
  });

  it('reads a SOAP fault', () => {
    const xml = `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
      <SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode>
      <faultstring>Error executing Web Service</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    expect(parseAnswer('AddJob', xml)).toEqual({
      kind: 'fault',
      faultCode: 'SOAP-ENV:Server',
      faultString: 'Error executing Web Service',
    });
  });

  it('recovers the complete rows of an answer cut in a row, and says a row was cut', () => {
    const full = envelope('GetJob', jobRow('J1', 'One') + jobRow('J2', 'Two') + jobRow('J3', 'Three'));
    const cut = full.slice(0, full.indexOf('<Job_Description>Three') + 20);
    const answer = parseAnswer('GetJob', cut);
    expect(answer.kind === 'records' && answer.cutMidRow).toBe(true);
    expect(answer.kind === 'records' && answer.records.map((row) => row.Job_Number)).toEqual(['J1', 'J2']);
  });

  it('reads an answer that lost only closing tags after its last row as whole (a loaded server does that)', () => {
    const full = envelope('GetJob', `<getJob>${jobRow('J1', 'One')}${jobRow('J2', 'Two')}</getJob>`);
    for (const keep of ['</response>'.length, '</response></getJob></returnData>'.length + 3]) {
      const answer = parseAnswer('GetJob', full.slice(0, full.lastIndexOf('</response>') + keep));
      expect(answer).toMatchObject({
        kind: 'records',
        cutMidRow: false,
        records: [{ Job_Number: 'J1' }, {}],
      });
    }
  });

  it('recovers nothing from an answer cut before its first complete row', () => {
    const full = envelope('GetJob', jobRow('J1', 'One'));
    expect(parseAnswer('GetJob', full.slice(0, full.indexOf('<City>')))).toEqual({
      kind: 'records',
      cutMidRow: true,
      records: [],
    });
  });
});

describe('SDX answers in their flat shape', () => {
  // A comment is not SDX's flat shape, so the same answer with one is read by the general parser.
  const throughGeneralParser = (xml: string) =>
    xml.replace('</returnData>', '<!-- read by saxes --></returnData>');
  const flatAnswers = {
    'entities and character references': envelope(
      'GetJob',
      jobRow('J&amp;1', 'Caf&#233; &lt;north&gt; &#x41;&quot;B&apos;'),
    ),
    'padded text and empty fields both ways': envelope(
      'GetPhase',
      '<response>\n  <Phase_Code>  01-100 </Phase_Code><Description></Description><Cost_Type/>\n</response>',
    ),
    'empty rows': envelope('GetJob', `<response/><response></response>${jobRow('J2', 'Two')}`),
    'rows in a wrapper': envelope('GetJob', `<getJob>${jobRow('J1', 'One')}</getJob>`),
    'no rows': envelope('GetJob', ''),
  };

  for (const [name, xml] of Object.entries(flatAnswers)) {
    it(`reads ${name} as the general parser does`, () => {
      const general = parseAnswer('GetJob', throughGeneralParser(xml));
      expect(general.kind).toBe('records');
      expect(parseAnswer('GetJob', xml)).toEqual(general);
    });
  }

  it('decodes what it reads', () => {
    const answer = parseAnswer('GetJob', flatAnswers['entities and character references']);
    expect(answer.kind === 'records' && answer.records[0]).toMatchObject({
      Job_Number: 'J&1',
      Job_Description: `Café <north> A"B'`,
    });
  });

  it('leaves to the general parser what is not flat: CDATA, attributes, nested elements', () => {
    const answer = parseAnswer(
      'GetJob',
      envelope(
        'GetJob',
        '<response><Job_Number a="1">J1</Job_Number><Job_Description><![CDATA[A & B]]></Job_Description><Nested><X>1</X></Nested></response>',
      ),
    );
    expect(answer.kind === 'records' && answer.records[0]).toMatchObject({
      Job_Number: 'J1',
      Job_Description: 'A & B',
    });
  });
});
