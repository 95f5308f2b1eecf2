import { SaxesParser } from 'saxes';

export type Row = Readonly<Record<string, string>>;

/** One `response` of a Put answer; `code` '' for a stored record. */
export interface PutRecord {
  code: string;
  desc: string;
  column: string;
}

/**
 * SOAP 1.1 envelopes in and out (ERP.md §2, brief §1). Requests are read namespace-aware: the envelope and body
 * must be in the SOAP namespace and the service element in the SDX namespace, whatever prefixes the
 * client chose; parameters may be qualified with the SDX namespace or unqualified.
 */

export const soapNamespace = 'http://schemas.xmlsoap.org/soap/envelope/';
export const sdxNamespace = 'http://www.northgate-is.com/proiv/webservices/types';

/** A request the server cannot read: answered with a `SOAP-ENV:Client` fault. */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

export interface SoapRequest {
  service: string;
  /** Parameters by local name, values trimmed, empty elements as ''. */
  params: Map<string, string>;
}

/**
 * One streaming pass, namespace-aware (saxes resolves every prefix, and refuses an undeclared one or a
 * malformed document). Depths: 1 the envelope, 2 its header and body, 3 the service element, 4 a
 * parameter.
 */
export function readRequest(xml: string): SoapRequest {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const params = new Map<string, string>();
  let depth = 0;
  let inBody = false;
  let sawBody = false;
  let service: string | undefined;
  let parameter: string | undefined;
  let text = '';
  let malformed: Error | undefined;
  parser.on('error', (error) => {
    malformed ??= error;
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      if (tag.uri !== soapNamespace || tag.local !== 'Envelope')
        throw new EnvelopeError('The request is not a SOAP 1.1 envelope');
    } else if (depth === 2) {
      inBody = tag.uri === soapNamespace && tag.local === 'Body';
      sawBody ||= inBody;
    } else if (inBody && depth === 3) {
      if (service !== undefined) throw new EnvelopeError('The body must hold exactly one service element');
      if (tag.uri !== sdxNamespace)
        throw new EnvelopeError(`The service element ${tag.local} is not in namespace ${sdxNamespace}`);
      service = tag.local;
    } else if (inBody && depth === 4) {
      // Unqualified parameters have no namespace; qualified ones the SDX one; others are not ours.
      if (tag.uri !== '' && tag.uri !== sdxNamespace) return;
      if (params.has(tag.local)) throw new EnvelopeError(`Parameter ${tag.local} is repeated`);
      parameter = tag.local;
      text = '';
    } else if (parameter !== undefined && depth === 5) {
      throw new EnvelopeError(`Parameter ${parameter} must hold text only`);
    }
  });
  const collect = (chunk: string) => {
    if (parameter !== undefined) text += chunk;
  };
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', () => {
    if (depth === 4 && parameter !== undefined) {
      params.set(parameter, text.trim());
      parameter = undefined;
    } else if (depth === 2) {
      inBody = false;
    }
    depth--;
  });
  parser.write(xml).close();
  if (malformed) throw new EnvelopeError(`Malformed XML: ${malformed.message}`);
  if (!sawBody) throw new EnvelopeError('The envelope has no SOAP-ENV:Body');
  if (service === undefined) throw new EnvelopeError('The body must hold exactly one service element');
  return { service, params };
}

const envelopeOpen =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${soapNamespace}" xmlns:xsd="http://www.w3.org/2001/XMLSchema"` +
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
  ' SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Header/><SOAP-ENV:Body>';
const envelopeClose = '</SOAP-ENV:Body></SOAP-ENV:Envelope>';

/**
 * A Put answer, shaped as the documented examples (spectrum-sdx §3):
 * `SOAP-ENV:Envelope/SOAP-ENV:Body/nis:{Service}Response/returnArray/returnData/response…`.
 */
export function buildPutAnswer(service: string, responses: readonly PutRecord[]): string {
  const records = responses
    .map(
      (r) =>
        `<response><error_code>${r.code}</error_code><desc>${escapeXml(r.desc)}</desc><column>${escapeXml(r.column)}</column></response>`,
    )
    .join('');
  return `${envelopeOpen}<nis:${service}Response xmlns:nis="${sdxNamespace}"><returnArray><returnData>${records}</returnData></returnArray></nis:${service}Response>${envelopeClose}`;
}

/**
 * A Get answer: one `response` per row under a wrapper named for the service in lower camel case
 * (`returnData/getJob/response`), each row its fields in order (public client evidence; brief §1).
 */
export function buildGetAnswer(service: string, fields: readonly string[], rows: readonly Row[]): string {
  const wrapper = lowerCamel(service);
  const records = rows
    .map(
      (row) =>
        `<response>${fields.map((field) => `<${field}>${escapeXml(row[field] ?? '')}</${field}>`).join('')}</response>`,
    )
    .join('');
  return `${envelopeOpen}<nis:${service}Response xmlns:nis="${sdxNamespace}"><returnArray><returnData><${wrapper}>${records}</${wrapper}></returnData></returnArray></nis:${service}Response>${envelopeClose}`;
}

export function buildFault(code: 'Client' | 'Server', message: string): string {
  return `${envelopeOpen}<SOAP-ENV:Fault><faultcode>SOAP-ENV:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></SOAP-ENV:Fault>${envelopeClose}`;
}

/**
 * An answer as it sometimes arrives from a loaded Spectrum server (ERP.md §2): everything after the
 * last `</response>` lost, every row complete, the closing tags of the wrapper … Envelope gone.
 */
export function truncateAfterLastResponse(xml: string): string {
  const closing = '</response>';
  const last = xml.lastIndexOf(closing);
  return last < 0 ? xml : xml.slice(0, last + closing.length);
}

export function lowerCamel(service: string): string {
  return service.charAt(0).toLowerCase() + service.slice(1);
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c);
}

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
