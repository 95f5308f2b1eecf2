import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * SOAP 1.1 envelopes in and out (ERP.md §5). Requests are read namespace-aware: the envelope and body
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

type XmlNode = Record<string, unknown>;
type Scope = ReadonlyMap<string, string>;

const attributePrefix = '@_';
const textKey = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: attributePrefix,
  textNodeName: textKey,
  parseTagValue: false, // '001' stays '001'
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: attributePrefix,
  suppressEmptyNode: false, // an empty field is `<Division></Division>`, as SDX answers
});

export function readRequest(xml: string): SoapRequest {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) throw new EnvelopeError(`Malformed XML: ${validation.err.msg}`);
  const document = parser.parse(xml) as XmlNode;

  const [envelope] = elementsOf(document, new Map());
  if (!envelope || envelope.namespace !== soapNamespace || envelope.localName !== 'Envelope') {
    throw new EnvelopeError('The request is not a SOAP 1.1 envelope');
  }
  const body = elementsOf(envelope.node, envelope.scope).find(
    (child) => child.namespace === soapNamespace && child.localName === 'Body',
  );
  if (!body) throw new EnvelopeError('The envelope has no SOAP-ENV:Body');
  const [call, ...others] = elementsOf(body.node, body.scope);
  if (!call || others.length > 0) throw new EnvelopeError('The body must hold exactly one service element');
  if (call.namespace !== sdxNamespace) {
    throw new EnvelopeError(`The service element ${call.localName} is not in namespace ${sdxNamespace}`);
  }

  const params = new Map<string, string>();
  for (const parameter of elementsOf(call.node, call.scope)) {
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
    params.set(parameter.localName, textOf(parameter.localName, parameter.node));
  }
  return { service: call.localName, params };
}

interface Element {
  localName: string;
  namespace: string | undefined;
  node: XmlNode;
  scope: Scope;
}

/** The child elements of a parsed node, each with its namespace resolved from the xmlns declarations in scope. */
function elementsOf(parent: unknown, parentScope: Scope): Element[] {
  if (typeof parent !== 'object' || parent === null) return [];
  const elements: Element[] = [];
  for (const [qualifiedName, value] of Object.entries(parent)) {
    if (qualifiedName.startsWith(attributePrefix) || qualifiedName === textKey) continue;
    for (const node of Array.isArray(value) ? value : [value]) {
      const element: XmlNode =
        typeof node === 'object' && node !== null ? (node as XmlNode) : { [textKey]: node };
      const scope = declaredScope(element, parentScope);
      const colon = qualifiedName.indexOf(':');
      const prefix = colon < 0 ? '' : qualifiedName.slice(0, colon);
      const localName = qualifiedName.slice(colon + 1);
      if (prefix !== '' && !scope.has(prefix))
        throw new EnvelopeError(`Undeclared namespace prefix ${prefix}`);
      elements.push({ localName, namespace: scope.get(prefix), node: element, scope });
    }
  }
  return elements;
}

function declaredScope(element: XmlNode, parentScope: Scope): Scope {
  let scope: Map<string, string> | undefined;
  for (const [name, value] of Object.entries(element)) {
    if (name !== `${attributePrefix}xmlns` && !name.startsWith(`${attributePrefix}xmlns:`)) continue;
    scope ??= new Map(parentScope);
    scope.set(name.slice(`${attributePrefix}xmlns:`.length) || '', String(value));
  }
  return scope ?? parentScope;
}

function textOf(name: string, node: XmlNode): string {
  if (elementsOf(node, new Map()).length > 0)
    throw new EnvelopeError(`Parameter ${name} must hold text only`);
  const text = node[textKey];
  return text === undefined ? '' : String(text);
}

/** `SOAP-ENV:Envelope/SOAP-ENV:Body/nis:{Service}Response/returnArray/returnData/response…` */
export function buildResponse(service: string, responses: readonly Record<string, string>[]): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'SOAP-ENV:Envelope': {
      '@_xmlns:SOAP-ENV': soapNamespace,
      '@_xmlns:nis': sdxNamespace,
      'SOAP-ENV:Body': {
        [`nis:${service}Response`]: { returnArray: { returnData: { response: responses } } },
      },
    },
  });
}

export function buildFault(code: 'Client' | 'Server', message: string): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'SOAP-ENV:Envelope': {
      '@_xmlns:SOAP-ENV': soapNamespace,
      'SOAP-ENV:Body': {
        'SOAP-ENV:Fault': { faultcode: `SOAP-ENV:${code}`, faultstring: message },
      },
    },
  });
}

/**
 * A response as it sometimes arrives from a loaded Spectrum server: everything after the
 * `keep`-th `</response>` lost, closing tags included.
 */
export function truncateAfterResponse(xml: string, keep: number): string {
  const closing = '</response>';
  let end = 0;
  for (let n = 0; n < keep; n++) {
    const found = xml.indexOf(closing, end);
    if (found < 0) break;
    end = found + closing.length;
  }
  return xml.slice(0, end);
}
