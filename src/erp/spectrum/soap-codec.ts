/**
 * SOAP 1.1 envelopes of Spectrum Data Exchange, built and read with fast-xml-parser (ERP.md §5).
 * Knows the wire format only: which parameters each service takes and how an answer is shaped. What an
 * answer *means* (stored, refused, retry) is decided by the client.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const soapNamespace = 'http://schemas.xmlsoap.org/soap/envelope/';
export const sdxNamespace = 'http://www.northgate-is.com/proiv/webservices/types';

/** Every parameter of each service, in the order of ERP.md §5; all are always sent. */
export const serviceParameters = {
  GetJob: [
    'Authorization_ID',
    'GUID',
    'pCompany_Code',
    'pDivision',
    'pStatus_Code',
    'pProject_Manager',
    'pSuperintendent',
    'pEstimator',
    'pCustomer_Code',
    'pCost_Center',
    'pSort_By',
  ],
  AddJob: [
    'Authorization_ID',
    'GUID',
    'Company_Code',
    'Job_Number',
    'Job_Description',
    'Division',
    'Address_1',
    'Address_2',
    'City',
    'State',
    'Zip_Code',
    'Customer_Code',
    'Cost_Center',
    'Price_Method_Code',
    'Taxable_Flag',
    'Status_Code',
    'Contract_Number',
  ],
  GetPhase: [
    'Authorization_ID',
    'GUID',
    'pCompany_Code',
    'pJob_Number',
    'pPhase_Code',
    'pCost_Type',
    'pStatus_Code',
  ],
  AddPhase: [
    'Authorization_ID',
    'GUID',
    'Company_Code',
    'Job_Number',
    'Phase_Code',
    'Cost_Type',
    'Description',
    'Unit_of_Measure',
    'Original_Est_Quantity',
    'Original_Est_Hours',
    'Original_Est_Cost',
    'Price_Method_Code',
    'Status_Code',
  ],
  AddVendor: [
    'Authorization_ID',
    'GUID',
    'Company_Code',
    'Vendor_Code',
    'Vendor_Name',
    'Alpha_Sort',
    'Type',
    'Address_1',
    'Address_2',
    'Address_3',
    'State',
    'Zip_Code',
    'Phone_Number',
    'Vendor_Email',
    'Terms_Code',
    'Terms_Days',
  ],
  UpdateSubcontract: [
    'Authorization_ID',
    'GUID',
    'Company_Code',
    'Vendor_Code',
    'Subcontract_Number',
    'Job_Number',
    'GL_Account',
    'Comment',
    'Status_Code',
    'Retention_Percent',
    'Date_Issued',
  ],
  UpdateSubcontractPhases: [
    'Authorization_ID',
    'GUID',
    'Company_Code',
    'Vendor_Code',
    'Subcontract_Number',
    'Phase_Code',
    'Cost_Type',
    'Bid_Item_Number',
    'Bill_Description',
    'Unit_Of_Measure',
    'Original_Contract_Amount',
  ],
  ARChangeRequest: [
    'Authorization_ID',
    'GUID',
    'Company_Code',
    'Job_Number',
    'Customer_Code',
    'Change_Request_Number',
    'CR_Description',
    'CR_Status',
    'Origination_Date',
    'CR_Phase_Code',
    'CR_Cost_Type',
    'CR_Amount',
    'Subcontractor_Code',
    'Subcontract_Number',
    'Sub_Amount',
    'Sub_Status',
    'Sub_Change_Order_Number',
    'Sub_Description',
  ],
} as const;

export type Service = keyof typeof serviceParameters;
export type GetService = 'GetJob' | 'GetPhase';
export type PutService = Exclude<Service, GetService>;
export type ServiceParameter<S extends Service> = (typeof serviceParameters)[S][number];
export type ServiceValues<S extends Service> = Partial<Record<ServiceParameter<S>, string>>;

/** One `<response>` element: its child elements as text (empty elements as ''). */
export type SdxRecord = Record<string, string>;

export type SdxAnswer =
  | {
      kind: 'records';
      records: SdxRecord[];
      /**
       * The envelope did not close: the answer was cut off in transit. `records` holds the complete
       * `<response>` blocks that arrived; more may have been lost.
       */
      truncated: boolean;
    }
  | { kind: 'fault'; faultCode: string; faultString: string };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: false,
});

/** The request body: `<nis:{Service}>` with every parameter of the service, in order, '' when unset. */
export function buildRequest<S extends Service>(service: S, values: ServiceValues<S>): string {
  const parameters: Record<string, string> = {};
  for (const name of serviceParameters[service] as readonly ServiceParameter<S>[]) {
    parameters[`nis:${name}`] = values[name] ?? '';
  }
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({
    'SOAP-ENV:Envelope': {
      '@xmlns:SOAP-ENV': soapNamespace,
      '@xmlns:nis': sdxNamespace,
      'SOAP-ENV:Body': { [`nis:${service}`]: parameters },
    },
  })}`;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Callbacks get the path matcher, not a path string built for every tag: half the cost of a small answer.
  jPath: false,
  // Codes such as `01234` or `0010` are text: never let the parser turn them into numbers.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'response',
});

type Node = Record<string, unknown> | string | undefined;
const child = (node: Node, name: string): Node =>
  typeof node === 'object' && node !== null ? (node[name] as Node) : undefined;
const text = (node: Node): string => (typeof node === 'string' ? node : '');

// Element boundaries only (which bytes to hand to the parser); every value is read by the parser.
const envelopeClosed = /<\/(?:[\w.-]+:)?Envelope\s*>\s*$/;
const responseStart = /<(?:[\w.-]+:)?response[\s/>]/;
const responseEnd = /<\/(?:[\w.-]+:)?response\s*>/g;

/** Reads an answer of `service`, tolerating one cut off in transit (ERP.md §2 "known production behaviour"). */
export function parseAnswer(service: Service, xml: string): SdxAnswer {
  // Only the tail can hold the closing tag; a large answer is megabytes.
  if (envelopeClosed.test(xml.slice(-256))) {
    const body = child(child(parser.parse(xml) as Node, 'Envelope'), 'Body');
    const fault = child(body, 'Fault');
    if (fault !== undefined) {
      return {
        kind: 'fault',
        faultCode: text(child(fault, 'faultcode')),
        faultString: text(child(fault, 'faultstring')),
      };
    }
    const data = child(child(child(body, `${service}Response`), 'returnArray'), 'returnData');
    return { kind: 'records', records: toRecords(data), truncated: false };
  }
  return { kind: 'records', records: recoverRecords(xml), truncated: true };
}

/**
 * The complete `<response>` blocks of a cut-off answer: the text from the first block's start to the
 * last block's end, wrapped in one element of our own so the parser sees a closed document. The
 * partial block after the last `</response>` is dropped: it may be missing fields.
 */
function recoverRecords(xml: string): SdxRecord[] {
  const start = xml.search(responseStart);
  let end = -1;
  for (const match of xml.matchAll(responseEnd)) end = match.index + match[0].length;
  if (start < 0 || end < start) return [];
  return toRecords(child(parser.parse(`<blocks>${xml.slice(start, end)}</blocks>`) as Node, 'blocks'));
}

/** The `<response>` children of `parent` as records. */
function toRecords(parent: Node): SdxRecord[] {
  const list = child(parent, 'response');
  if (!Array.isArray(list)) return [];
  return list.map((response: Node) => {
    const record: SdxRecord = {};
    if (typeof response === 'object' && response !== null) {
      for (const [name, value] of Object.entries(response)) record[name] = text(value as Node);
    }
    return record;
  });
}
