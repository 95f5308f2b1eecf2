import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sdxServices } from '../../../../src/erp/spectrum/simulator/services/index.ts';
import { buildWsdl, WsdlCache } from '../../../../src/erp/spectrum/simulator/wsdl.ts';

/*
 * The WSDLs' shape, service by service; that they load in a WSDL-driven client (zeep) was checked by
 * hand, and the raw-SOAP transport tests read them over HTTP.
 */
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true });
type Node = Record<string, unknown>;
const list = (value: unknown): Node[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]) as Node[];
const sequenceOf = (element: Node): Node[] =>
  list(((element.complexType as Node | undefined)?.sequence as Node | undefined)?.element);

describe('simulator WSDLs', () => {
  it.each([...sdxServices.values()])(
    '$name: well formed, its parameters in order, its address on the given base',
    (service) => {
      const wsdl = buildWsdl(service, 'http://sdx.example.com:8482');
      expect(XMLValidator.validate(wsdl)).toBe(true);
      const definitions = (parser.parse(wsdl) as Node).definitions as Node;
      const schema = (definitions.types as Node).schema as Node;
      const [request, response] = list(schema.element);
      expect(request?.['@name']).toBe(service.name);
      expect(sequenceOf(request!).map((e) => e['@name'])).toEqual(service.elements.map((e) => e.name));
      expect(response?.['@name']).toBe(`${service.name}Response`);
      const port = (definitions.service as Node).port as Node;
      expect((port.address as Node)['@location']).toBe(`http://sdx.example.com:8482/ws/${service.name}`);
    },
  );

  it('escapes a hostile Host header in the SOAP address', () => {
    const wsdl = buildWsdl(sdxServices.get('GetJob')!, 'http://a"><x y="');
    expect(XMLValidator.validate(wsdl)).toBe(true);
  });

  it('builds each service and base once', () => {
    const cache = new WsdlCache();
    const service = sdxServices.get('AddJob')!;
    const first = cache.get(service, 'http://a:1');
    expect(cache.get(service, 'http://a:1')).toBe(first);
    expect(cache.get(service, 'http://b:1')).not.toBe(first);
  });
});
