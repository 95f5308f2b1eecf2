import { escapeXml, lowerCamel, sdxNamespace } from './envelope.ts';
import type { SdxService } from './services/service.ts';

const putFields = ['error_code', 'desc', 'column'] as const;
const errorFields = ['Error_Code', 'Error_Description', 'Error_Column'] as const;

/**
 * The WSDL 1.1 of a service as `GET /wsdls/{Service}.jws` serves it (spectrum-sdx §1; brief §1):
 * document/literal, one operation, the request element a sequence of every documented parameter in
 * order (all `xsd:string`), the answer `returnArray/returnData/…/response` with every local element
 * unqualified, as the answers carry them. Built once per service and host (WsdlCache).
 */
export function buildWsdl(service: SdxService, base: string): string {
  const name = service.name;
  const field = (element: string) => `<xsd:element name="${element}" type="xsd:string" form="unqualified"/>`;
  const sequence = (content: string) =>
    `<xsd:complexType><xsd:sequence>${content}</xsd:sequence></xsd:complexType>`;
  const wrap = (element: string, content: string, occurs = '') =>
    `<xsd:element name="${element}" form="unqualified"${occurs}>${sequence(content)}</xsd:element>`;
  const response =
    service.kind === 'put'
      ? wrap('response', putFields.map(field).join(''), ' maxOccurs="unbounded"')
      : wrap(
          lowerCamel(name),
          wrap(
            'response',
            [...service.returnFields.map((f) => f.name), ...errorFields].map(field).join(''),
            ' maxOccurs="unbounded"',
          ),
        );
  const request = service.elements.map((e) => `<xsd:element name="${e.name}" type="xsd:string"/>`).join('');

  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="${name}" targetNamespace="${sdxNamespace}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:nis="${sdxNamespace}">
<wsdl:types>
<xsd:schema targetNamespace="${sdxNamespace}" elementFormDefault="qualified">
<xsd:element name="${name}">${sequence(request)}</xsd:element>
<xsd:element name="${name}Response">${sequence(wrap('returnArray', wrap('returnData', response)))}</xsd:element>
</xsd:schema>
</wsdl:types>
<wsdl:message name="${name}Request"><wsdl:part name="parameters" element="nis:${name}"/></wsdl:message>
<wsdl:message name="${name}Response"><wsdl:part name="parameters" element="nis:${name}Response"/></wsdl:message>
<wsdl:portType name="${name}PortType"><wsdl:operation name="${name}"><wsdl:input message="nis:${name}Request"/><wsdl:output message="nis:${name}Response"/></wsdl:operation></wsdl:portType>
<wsdl:binding name="${name}Binding" type="nis:${name}PortType">
<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
<wsdl:operation name="${name}"><soap:operation soapAction="" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
</wsdl:binding>
<wsdl:service name="${name}"><wsdl:port name="${name}Port" binding="nis:${name}Binding"><soap:address location="${escapeXml(base)}/ws/${name}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`;
}

/** WSDLs are static per service and host, and WSDL-driven clients fetch them often: built once each. */
export class WsdlCache {
  readonly #built = new Map<string, string>();

  get(service: SdxService, base: string): string {
    const key = `${service.name} ${base}`;
    let wsdl = this.#built.get(key);
    if (wsdl === undefined) {
      wsdl = buildWsdl(service, base);
      // A client may send any Host header: keep the cache bounded.
      if (this.#built.size >= 1_000) this.#built.clear();
      this.#built.set(key, wsdl);
    }
    return wsdl;
  }
}
