import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

/** fast-xml-parser's ordered form: `{ [tag]: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;
type Scope = ReadonlyMap<string, string>;

const attributesKey = ':@';
const attributePrefix = '@_';
const textKey = '#text';

// The ordered form: the fastest the library offers, and it keeps repeated parameters apart.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: attributePrefix,
  textNodeName: textKey,
  parseTagValue: false, // '001' stays '001'
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export function readRequest(xml: string): SoapRequest {
  // The parser is lenient (unclosed or mismatched tags pass): validate first.
  const validation = XMLValidator.validate(xml);
  if (validation !== true) throw new EnvelopeError(`Malformed XML: ${validation.err.msg}`);
  const document = parser.parse(xml) as XmlNode[];

  const [envelope] = elementsOf(document, new Map());
  if (!envelope || envelope.namespace !== soapNamespace || envelope.localName !== 'Envelope') {
    throw new EnvelopeError('The request is not a SOAP 1.1 envelope');
  }
  const body = elementsOf(envelope.children, envelope.scope).find(
    (child) => child.namespace === soapNamespace && child.localName === 'Body',
  );
  if (!body) throw new EnvelopeError('The envelope has no SOAP-ENV:Body');
  const [call, ...others] = elementsOf(body.children, body.scope);
  if (!call || others.length > 0) throw new EnvelopeError('The body must hold exactly one service element');
  if (call.namespace !== sdxNamespace) {
    throw new EnvelopeError(`The service element ${call.localName} is not in namespace ${sdxNamespace}`);
  }

  const params = new Map<string, string>();
  for (const parameter of elementsOf(call.children, call.scope)) {
    // Unqualified parameters have no namespace (or an empty default one); qualified ones the SDX one.
    if (
      parameter.namespace !== undefined &&
      parameter.namespace !== '' &&
      parameter.namespace !== sdxNamespace
    ) {
      continue;
    }
    if (params.has(parameter.localName))
      throw new EnvelopeError(`Parameter ${parameter.localName} is repeated`);
    params.set(parameter.localName, textOf(parameter));
  }
  return { service: call.localName, params };
}

interface Element {
  localName: string;
  namespace: string | undefined;
  children: XmlNode[];
  scope: Scope;
}

/** The elements among parsed nodes, each with its namespace resolved from the xmlns declarations in scope. */
function elementsOf(nodes: readonly XmlNode[], parentScope: Scope): Element[] {
  const elements: Element[] = [];
  for (const node of nodes) {
    for (const qualifiedName of Object.keys(node)) {
      if (qualifiedName === attributesKey || qualifiedName === textKey) continue;
      const scope = declaredScope(node[attributesKey] as XmlNode | undefined, parentScope);
      const colon = qualifiedName.indexOf(':');
      const prefix = colon < 0 ? '' : qualifiedName.slice(0, colon);
      if (prefix !== '' && !scope.has(prefix))
        throw new EnvelopeError(`Undeclared namespace prefix ${prefix}`);
      const children = node[qualifiedName];
      elements.push({
        localName: qualifiedName.slice(colon + 1),
        namespace: scope.get(prefix),
        children: Array.isArray(children) ? (children as XmlNode[]) : [],
        scope,
      });
    }
  }
  return elements;
}

function declaredScope(attributes: XmlNode | undefined, parentScope: Scope): Scope {
  if (!attributes) return parentScope;
  let scope: Map<string, string> | undefined;
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== `${attributePrefix}xmlns` && !name.startsWith(`${attributePrefix}xmlns:`)) continue;
    scope ??= new Map(parentScope);
    scope.set(name.slice(`${attributePrefix}xmlns:`.length) || '', String(value));
  }
  return scope ?? parentScope;
}

function textOf(parameter: Element): string {
  let text = '';
  for (const child of parameter.children) {
    if (!(textKey in child)) throw new EnvelopeError(`Parameter ${parameter.localName} must hold text only`);
    text += String(child[textKey]);
  }
  return text;
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
