import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startSpectrumSimulator } from '../../../../src/erp/spectrum/simulator/index.ts';

/*
 * Spectrum SDX written by hand, as an integrator who knows Trimble's help pages and nothing of our code
 * would write it. Every parameter list below is copied from /work/shared/spectrum-sdx.md §6–§17 (and
 * docs/spectrum-sdx-additions.md §1–§3), in the documented order; requests are SOAP 1.1 envelopes built
 * from string templates, answers are read with a plain XML parser. Nothing here comes from
 * src/erp/spectrum/: a wrong simulator cannot agree with a wrong client.
 */

export const SDX_NAMESPACE = 'http://www.northgate-is.com/proiv/webservices/types';
export const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

const names = (template: string): readonly string[] => template.trim().split(/\s+/);
const numbered = (prefix: string, count: number): string =>
  Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`).join(' ');

/** GetJob, GetJobMain, GetJobDates (digest §6–§7, additions §2); GetJobUDF has all but pSort_By (§3). */
const JOB_FILTERS = `Authorization_ID GUID pCompany_Code pDivision pStatus_Code pProject_Manager
  pSuperintendent pEstimator pCustomer_Code pCost_Center`;

/** Every documented parameter of every service, in documented order. */
export const PARAMETERS = {
  // digest §6
  GetJob: names(`${JOB_FILTERS} pSort_By`),
  // digest §7
  GetJobMain: names(`${JOB_FILTERS} pSort_By`),
  // additions §2
  GetJobDates: names(`${JOB_FILTERS} pSort_By`),
  // additions §3: no pSort_By
  GetJobUDF: names(JOB_FILTERS),
  // digest §8: pCost_Type before pJob_Number, no pPhase_Code
  GetPhase: names(`Authorization_ID GUID pCompany_Code pCost_Type pJob_Number pStatus_Code pCost_Center
    pSort_By`),
  // digest §11
  GetCustomers: names('Authorization_ID GUID pCompany_Code pStatus'),
  // digest §12: 72 parameters; the page spells Work_Local_Tax_Cod
  AddJob: names(`Authorization_ID GUID
    Company_Code Job_Number Job_Description Division Address_1 Address_2 City State Zip_Code Phone
    Fax_Phone Job_Site_Phone Superintendent Estimator Project_Manager Customer_Code Contract_Number Job_Type
    Tax_Class_Code Taxable_Flag Total_Units Unit_of_Measure Certified_Flag Work_Comp_Code Wage_Rate_Level
    Price_Method_Code Est_Start_Date Est_Complete_Date Start_Date Complete_Date Work_State_Tax_Code
    Work_County_Tax_Code Work_Local_Tax_Cod Original_Contract WO_Site Latitude Longitude Track_Davis_Bacon
    Track_Prevailing_Wage Create_Date ${numbered('UDF', 20)} Cost_Center Master_Job Bill_From_Master
    Standard_Phase_Category Phase_Display_Code Major_Group_Start Major_Group_End Minor_Group_Start
    Minor_Group_End Status_Code`),
  // digest §13: 20 parameters
  AddPhase: names(`Authorization_ID GUID
    Company_Code Job_Number Phase_Code Description Cost_Type Original_Est_Quantity Unit_of_Measure
    Original_Est_Cost Original_Est_Hours Bid_Item_Number Alt_Phase_Code Work_Comp_Code Price_Method_Code
    Phase_Cost_Center Current_Est_Hours Current_Est_Quantity Current_Est_Cost Status_Code`),
  // digest §14: 78 parameters
  AddVendor: names(`Authorization_ID GUID
    Company_Code Vendor_Code Vendor_Name Alpha_Sort Type Address_1 Address_2 Address_3 State Zip_Code Phone
    Fax_Phone Contact_Name Our_Account_Number Terms_Code Terms_Days Terms_Disc_Code Terms_Disc_Days
    Terms_Disc_Percent Insurance_Cert_Flag Insurance_Exp_Date Hold_Flag Default_GL_Account
    ${numbered('GL_Distribution_Acct_List', 10)} ${numbered('GL_Distrib_Percent_List', 10)} Use_Tax_Code
    Send_1099_Flag Alt_1099_Name Fed_1099_Indicator Social_Sec_Number Fed_Id_Number Disadv_Business_Flag
    Disadv_Business_Type Routing_Code1 Routing_Code2 Routing_Limit Vendor_Email Contact_Phone
    ${numbered('UDF', 20)}`),
  // additions §1: 78 parameters, a list of its own (City, not Address_3; no UDFs; other order)
  UpdateVendor: names(`Authorization_ID GUID
    Company_Code Vendor_Code Vendor_Name Alpha_Sort Type Our_Account_Number Address_1 Address_2 City State
    Zip_Code Addr_Country Phone Fax_Phone Vendor_Email Web_Site Disadv_Business_Flag Disadv_Business_Type
    Small_Business Minority_Business Woman_Business Veteran_Business Status Routing_Code1 Routing_Limit
    Routing_Code2 Use_Tax_Code Default_GL_Account Hold_Flag ${numbered('GL_Distribution_Acct_List', 10)}
    ${numbered('GL_Distrib_Percent_List', 10)} Terms_Code Terms_Days Terms_Disc_Code Terms_Disc_Days
    Terms_Disc_Percent Insurance_Cert_Flag Insurance_Exp_Date PO_Method Vendor_Status Checking_Account_Code
    Account_Type ABA_Number Bank_Account_Code Send_1099_Flag Alt_1099_Name Fed_1099_Indicator
    Social_Sec_Number Fed_Id_Number Recipient_Type_Code Social_Insurance_Number Recipient_Account_Number
    Partnership_Filer_ID_Number Alternate_T5018_Name Individual_First_Name Individual_Middle_Initial
    Individual_Last_Name Override_Currency_Code`),
  // digest §15: 31 parameters
  UpdateSubcontract: names(`Authorization_ID GUID
    Company_Code Vendor_Code Subcontract_Number Job_Number Default_Phase_Code Default_Cost_Type Status_Code
    Contract_Type Insurance_Cert_Flag Sent_Date Date_Issued Contact_Person Unit_Price_Flag Comment
    Routing_Code1 Routing_Limit Routing_Code2 GL_Account Retention_Percent Next_Payment_Number Pay_Override
    Pay_Terms Pay_Days Disc_Override Disc_Terms Disc_Days Disc_Perc Pay_When_Paid Cost_Center_Override`),
  // digest §16: 14 parameters
  UpdateSubcontractPhases: names(`Authorization_ID GUID
    Company_Code Vendor_Code Subcontract_Number Phase_Code Cost_Type Bid_Item_Number Bill_Description
    Unit_Of_Measure Retention_Flag Unit_Price Original_Contract_Quantity Original_Contract_Amount`),
  // digest §17: 56 parameters
  ARChangeRequest: names(`Authorization_ID GUID
    Company_Code Job_Number Customer_Code Change_Request_Number CR_Description CR_Status
    Cost_Reimbursable_Flag Origination_Date Approved_Date Fee_Percent Fee_Amount CR_Phase_Code CR_Cost_Type
    Change_Request_Quantity Change_Request_Hours Change_Request_Amount Subcontractor_Code Subcontract_Number
    Sub_Amount Sub_Bid_Group_Item_Code Sub_Bid_Item_Code Sub_Status Sub_Change_Order_Number
    Sub_Change_Order_Date Sub_Signed_Date Sub_Description Sub_Type Sub_Proposal_Date Sub_Sent_Date
    Sub_Due_Date Sub_Comments Markup_Cost_Type Markup_Percent Markup_Amount Pricing_Addon_Code
    Pricing_Addon_MU_Percent Pricing_Addon_MU_Amount Pricing_Addon_Phase Pricing_Addon_Cost_Type
    CR_Billing_Group_Code CR_Billing_Item_Code CR_Billing_Item_Description CR_Additional_Description
    CR_Unit_Price CR_Quantity CR_Revenue Proceed_Submitted_Date Proceed_Received_Date Rough_Estimate
    Quotation_Submitted_Date Quotation_Due_Date Requested_Days Approved_Days Default_Billing_Total`),
} as const;

export type Service = keyof typeof PARAMETERS;
export type GetService = 'GetJob' | 'GetJobMain' | 'GetJobDates' | 'GetJobUDF' | 'GetPhase' | 'GetCustomers';
export type PutService = Exclude<Service, GetService>;
export const SERVICES = Object.keys(PARAMETERS) as Service[];
export const GET_SERVICES: GetService[] = [
  'GetJob',
  'GetJobMain',
  'GetJobDates',
  'GetJobUDF',
  'GetPhase',
  'GetCustomers',
];
export const PUT_SERVICES = SERVICES.filter((s) => !(GET_SERVICES as string[]).includes(s)) as PutService[];

/** The documented return fields of each Get, in order (the three Error_* fields follow every row). */
export const RETURN_FIELDS: Record<GetService, readonly string[]> = {
  // digest §6
  GetJob: names(`Company_Code Job_Number Job_Description Division Address_1 Address_2 City State Zip_Code
    Project_Manager Superintendent Estimator Certified_Flag Customer_Code Status_Code Work_State_Tax_Code
    Contract_Number Cost_Center`),
  // digest §7
  GetJobMain: names(`Company_Code Job_Number Job_Description Division Address_1 Address_2 City State Zip_Code
    Phone Fax_Phone Job_Site_Phone Customer_Code Customer_Name Original_Contract Contract_Number Owner_Name
    WO_Site Comment Price_Method_Code Total_Units Unit_of_Measure Status_Code Latitude Longitude Legal_Desc
    Cost_Center ${numbered('Field_', 5)}`),
  // additions §2
  GetJobDates: names(`Company_Code Job_Number Job_Description Est_Start_Date Est_Complete_Date
    Projected_Complete_Date Create_Date Start_Date Complete_Date ${numbered('Field_', 5)}`),
  // additions §3
  GetJobUDF: names(`Company_Code Job_Number ${numbered('UDF', 20)}`),
  // digest §8
  GetPhase: names(`Company_Code Job_Number Phase_Code Cost_Type Description Status_Code Unit_of_Measure
    JTD_Quantity JTD_Hours JTD_Actual_Dollars Projected_Quantity Projected_Hours Projected_Dollars
    Estimated_Quantity Estimated_Hours Current_Estimated_Dollars Cost_Center`),
  // digest §11 (the brief adds the Error_* fields, as Web Service Types says of every Get)
  GetCustomers: names(`Company_Code Customer_Code Name Address_1 Address_2 City State Zip_Code First_Name
    Last_Name Phone_Number Email1 Price_Level_Material Taxable_Flag Status`),
};
export const ERROR_FIELDS = ['Error_Code', 'Error_Description', 'Error_Column'] as const;

/** GET /vendors/{Company_Code} (digest §10); the three misprinted fields are named as the brief chose. */
export const VENDOR_FIELDS = names(`Company_Code Vendor_Code Name Address_1 Address_2 City State Zip_Code
  First_Name Last_Name Phone_Number Email Account_Reference Payment_Terms Payment_Term_Days Discount_Terms
  Discount_Term_Days Discount_Percent Purchase_Location_Name Purchase_Address_1 Purchase_Address_2
  Purchase_City Purchase_State Purchase_Zip Payment_Location_Name Payment_Address_1 Payment_Address_2
  Payment_City Payment_State Payment_Zip`);

export const lowerCamel = (service: string): string => service[0]!.toLowerCase() + service.slice(1);

// ---------------------------------------------------------------------------------------------------
// Requests

/**
 * How the body is namespaced, as three real client families write it:
 * - `prefixed`: soapUI — `soapenv:` envelope, the SDX namespace as `typ:` declared on the Envelope, every
 *   parameter qualified with it, empty ones as `<typ:X/>`;
 * - `default-namespace`: .NET / WCF — `s:` envelope, `<GetJob xmlns="…">` and unprefixed parameters that
 *   inherit the namespace, empty ones as `<X></X>`;
 * - `unqualified`: Axis / PHP SoapClient — `SOAP-ENV:` envelope with an empty Header, `<ns1:GetJob
 *   xmlns:ns1="…">` and parameters in no namespace at all.
 */
export type Style = 'prefixed' | 'default-namespace' | 'unqualified';
export const STYLES: Style[] = ['prefixed', 'default-namespace', 'unqualified'];

/** Each service is written in a style of its own, so every style is exercised by the ordinary tests. */
const SERVICE_STYLE: Record<Service, Style> = {
  GetJob: 'prefixed',
  GetJobMain: 'default-namespace',
  GetJobDates: 'unqualified',
  GetJobUDF: 'prefixed',
  GetPhase: 'unqualified',
  GetCustomers: 'default-namespace',
  AddJob: 'default-namespace',
  AddPhase: 'prefixed',
  AddVendor: 'unqualified',
  UpdateVendor: 'default-namespace',
  UpdateSubcontract: 'prefixed',
  UpdateSubcontractPhases: 'unqualified',
  ARChangeRequest: 'prefixed',
};

export type Values = Partial<Record<string, string>>;

export interface RequestOptions {
  style?: Style;
  /** Documented parameters left out of the request entirely. */
  omit?: readonly string[];
  /** Parameter elements sent under another name (`{ Work_Local_Tax_Cod: 'Work_Local_Tax_Code' }`). */
  rename?: Readonly<Record<string, string>>;
  /** Extra, undocumented elements appended after the documented ones. */
  extra?: Values;
}

const escapeXml = (value: string): string =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

/**
 * The values a documented request sends when a test says nothing: the demo Authorization ID, the
 * company for the company parameter (Req YES), everything else empty.
 */
function defaults(service: Service): Values {
  const parameters: readonly string[] = PARAMETERS[service];
  const company = parameters.includes('pCompany_Code') ? 'pCompany_Code' : 'Company_Code';
  return { Authorization_ID: 'DEMO', [company]: '001' };
}

/** The SOAP 1.1 envelope of one request to `service`, every documented parameter in documented order. */
export function soapRequest(service: Service, values: Values = {}, options: RequestOptions = {}): string {
  const parameters: readonly string[] = PARAMETERS[service];
  for (const name of Object.keys(values)) {
    if (!parameters.includes(name)) throw new Error(`${name} is not a documented parameter of ${service}`);
  }
  const style = options.style ?? SERVICE_STYLE[service];
  const all = { ...defaults(service), ...values };
  const omitted = new Set(options.omit ?? []);
  const elements: [string, string][] = parameters
    .filter((name) => !omitted.has(name))
    .map((name) => [options.rename?.[name] ?? name, all[name] ?? '']);
  for (const [name, value] of Object.entries(options.extra ?? {})) elements.push([name, value ?? '']);

  switch (style) {
    case 'prefixed': {
      const children = elements
        .map(([name, value]) =>
          value === '' ? `<typ:${name}/>` : `<typ:${name}>${escapeXml(value)}</typ:${name}>`,
        )
        .join('\n      ');
      return `<soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}" xmlns:typ="${SDX_NAMESPACE}">
  <soapenv:Header/>
  <soapenv:Body>
    <typ:${service}>
      ${children}
    </typ:${service}>
  </soapenv:Body>
</soapenv:Envelope>`;
    }
    case 'default-namespace': {
      const children = elements.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
      return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_NAMESPACE}"><s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><${service} xmlns="${SDX_NAMESPACE}">${children}</${service}></s:Body></s:Envelope>`;
    }
    case 'unqualified': {
      const children = elements.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('\n');
      return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_NAMESPACE}" xmlns:ns1="${SDX_NAMESPACE}">
<SOAP-ENV:Header/>
<SOAP-ENV:Body>
<ns1:${service}>
${children}
</ns1:${service}>
</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Answers

export type Row = Record<string, string>;
export interface PutResponse {
  error_code: string;
  desc: string;
  column: string;
}
export interface Fault {
  status: number;
  faultcode: string;
  faultstring: string;
}
export interface HttpAnswer {
  status: number;
  xml: string;
  contentType: string;
}

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'response' });
const attributeParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

export function parseXml(xml: string): Record<string, unknown> {
  return parser.parse(xml) as Record<string, unknown>;
}
export function parseXmlWithAttributes(xml: string): Record<string, unknown> {
  return attributeParser.parse(xml) as Record<string, unknown>;
}

const at = (node: unknown, key: string, xml: string): unknown => {
  const value = (node as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) throw new Error(`No <${key}> where expected in the answer:\n${xml}`);
  return value;
};

/** `SOAP-ENV:Envelope/SOAP-ENV:Body/nis:{Service}Response/returnArray/returnData` (digest §3). */
function returnData(service: string, xml: string): unknown {
  const body = at(at(parseXml(xml), 'SOAP-ENV:Envelope', xml), 'SOAP-ENV:Body', xml);
  return at(at(at(body, `nis:${service}Response`, xml), 'returnArray', xml), 'returnData', xml);
}

/** The `response` records of a Put answer: directly under returnData, no wrapper (digest §3). */
export function putResponses(service: string, xml: string): PutResponse[] {
  return at(returnData(service, xml), 'response', xml) as PutResponse[];
}

/** The rows of a Get answer: `returnData/{lowerCamel}/response` (brief §1). */
export function getRows(service: string, xml: string): Row[] {
  return at(at(returnData(service, xml), lowerCamel(service), xml), 'response', xml) as Row[];
}

export function parseFault(status: number, xml: string): Fault {
  const body = at(at(parseXml(xml), 'SOAP-ENV:Envelope', xml), 'SOAP-ENV:Body', xml);
  const fault = at(body, 'SOAP-ENV:Fault', xml) as { faultcode: string; faultstring: string };
  return { status, faultcode: fault.faultcode, faultstring: fault.faultstring };
}

/** A stored Put record's answer (brief §1, our profile). */
export const ADDED: PutResponse[] = [{ error_code: '', desc: 'added', column: '' }];
export const UPDATED: PutResponse[] = [{ error_code: '', desc: 'updated', column: '' }];

/** `[error_code, column]` of each record: what tests assert where the docs leave `desc` open. */
export const codes = (responses: PutResponse[]): [string, string][] =>
  responses.map((r) => [r.error_code, r.column]);

/** A raw SDX caller bound to one server. */
export class RawSdx {
  constructor(
    readonly url: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  async post(
    service: string,
    xml: string,
    init: { contentType?: string | null; soapAction?: string | null; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    const contentType = init.contentType === undefined ? 'text/xml; charset=utf-8' : init.contentType;
    if (contentType !== null) headers['content-type'] = contentType;
    // Public clients send the endpoint URL as SOAPAction (digest §20.4); the brief ignores it.
    const soapAction = init.soapAction === undefined ? `"${this.url}/ws/${service}"` : init.soapAction;
    if (soapAction !== null) headers.soapaction = soapAction;
    const response = await fetch(`${this.url}/ws/${service}`, { method: 'POST', headers, body: xml });
    return {
      status: response.status,
      xml: await response.text(),
      contentType: response.headers.get('content-type') ?? '',
    };
  }

  /** Sends a documented request and answers its raw HTTP answer. */
  send(service: Service, values: Values = {}, options: RequestOptions = {}): Promise<HttpAnswer> {
    return this.post(service, soapRequest(service, values, options));
  }

  async put(service: PutService, values: Values = {}, options: RequestOptions = {}): Promise<PutResponse[]> {
    const answer = await this.send(service, values, options);
    if (answer.status !== 200) throw new Error(`${service} answered HTTP ${answer.status}:\n${answer.xml}`);
    return putResponses(service, answer.xml);
  }

  async get(service: GetService, values: Values = {}, options: RequestOptions = {}): Promise<Row[]> {
    const answer = await this.send(service, values, options);
    if (answer.status !== 200) throw new Error(`${service} answered HTTP ${answer.status}:\n${answer.xml}`);
    return getRows(service, answer.xml);
  }

  /** Sends a request expected to fault and answers the fault. */
  async fault(service: Service, values: Values = {}, options: RequestOptions = {}): Promise<Fault> {
    const answer = await this.send(service, values, options);
    return parseFault(answer.status, answer.xml);
  }

  async faultOf(service: string, xml: string): Promise<Fault> {
    const answer = await this.post(service, xml);
    return parseFault(answer.status, answer.xml);
  }
}

// ---------------------------------------------------------------------------------------------------
// The simulator

export type StoredRecord = Record<string, unknown> & { writeCount?: number };

/** `GET /_sim/state` (brief §5). */
export interface SimState {
  jobs: StoredRecord[];
  phases: StoredRecord[];
  customers: StoredRecord[];
  vendors: StoredRecord[];
  subcontracts: StoredRecord[];
  subcontractPhases: StoredRecord[];
  changeRequests: StoredRecord[];
  changeRequestLines: StoredRecord[];
  writes: Record<string, number>;
  truncatedValues: Record<string, number>;
}

export interface FaultSwitches {
  transientRate?: number;
  truncateRate?: number;
  maxRows?: number;
  latencyMs?: number;
  outage?: boolean;
  guidTimeoutMs?: number;
}

export interface SimulatorOptions {
  seed?: 'demo' | 'empty';
  port?: number;
  dataFile?: string;
  guidTimeoutMs?: number;
  oauth?: { clientId: string; clientSecret: string };
  tokenTtlMs?: number;
  currentEstimateDisplayOnly?: boolean;
  now?: () => number;
}

export interface Simulator {
  url: string;
  sdx: RawSdx;
  state(): SimState;
  setFaults(switches: FaultSwitches): void;
  close(): Promise<void>;
}

/** Starts the simulator (the only import from our code) on a free port, demo seed unless told. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const start = startSpectrumSimulator as unknown as (options: SimulatorOptions) => Promise<{
    url: string;
    state(): unknown;
    setFaults(switches: FaultSwitches): unknown;
    close(): Promise<void> | void;
  }>;
  const sim = await start({ seed: 'demo', port: 0, ...options });
  return {
    url: sim.url,
    sdx: new RawSdx(sim.url),
    state: () => sim.state() as SimState,
    setFaults: (switches) => {
      sim.setFaults(switches);
    },
    close: async () => {
      await sim.close();
    },
  };
}

/** One simulator for the whole file (state shared by its tests), always closed. */
export function simulatorPerFile(options: SimulatorOptions = {}): {
  readonly sim: Simulator;
  readonly sdx: RawSdx;
} {
  let current: Simulator | undefined;
  beforeAll(async () => {
    current = await startSimulator(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get sim() {
      return current!;
    },
    get sdx() {
      return current!.sdx;
    },
  };
}

/** A fresh simulator for every test, always closed. */
export function simulatorPerTest(options: SimulatorOptions = {}): {
  readonly sim: Simulator;
  readonly sdx: RawSdx;
} {
  let current: Simulator | undefined;
  beforeEach(async () => {
    current = await startSimulator(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get sim() {
      return current!;
    },
    get sdx() {
      return current!.sdx;
    },
  };
}

/** A clock the simulator reads through its `now` option. */
export class Clock {
  constructor(public ms = Date.parse('2026-05-22T12:00:00Z')) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** MM/DD/CCYY of an instant (local calendar, as a server would print its own date). */
export function mmddccyy(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getMonth() + 1)}/${pad(date.getDate())}/${date.getFullYear()}`;
}

/** The same calendar date, whichever of the two documented separators (digest §4) a value uses. */
export const sameDate = (value: unknown, expected: string): boolean =>
  typeof value === 'string' && value.replaceAll('-', '/') === expected;

export const basicAuth = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Numeric SDX values compared as numbers: the docs fix no output format for them (digest §4). */
export const num = (value: unknown): number =>
  value === '' || value === undefined ? Number.NaN : Number(value);

export function find(records: StoredRecord[], key: Record<string, string>): StoredRecord | undefined {
  return records.find((r) => Object.entries(key).every(([k, v]) => r[k] === v));
}
