/**
 * SOAP 1.1 envelopes of Spectrum Data Exchange, built and read with fast-xml-parser (ERP.md §5).
 * Knows the wire format only: which parameters each service takes and how an answer is shaped. What an
 * answer *means* (stored, refused, retry) is decided by the client.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const soapNamespace = 'http://schemas.xmlsoap.org/soap/envelope/';
export const sdxNamespace = 'http://www.northgate-is.com/proiv/webservices/types';

/** The user-defined elements some services end or interleave with (never sent: none is mapped). */
const udfs = [
  'UDF1',
  'UDF2',
  'UDF3',
  'UDF4',
  'UDF5',
  'UDF6',
  'UDF7',
  'UDF8',
  'UDF9',
  'UDF10',
  'UDF11',
  'UDF12',
  'UDF13',
  'UDF14',
  'UDF15',
  'UDF16',
  'UDF17',
  'UDF18',
  'UDF19',
  'UDF20',
] as const;

/** A vendor's G/L distribution: ten accounts, then their ten percentages (AddVendor, UpdateVendor). */
const glDistribution = [
  'GL_Distribution_Acct_List1',
  'GL_Distribution_Acct_List2',
  'GL_Distribution_Acct_List3',
  'GL_Distribution_Acct_List4',
  'GL_Distribution_Acct_List5',
  'GL_Distribution_Acct_List6',
  'GL_Distribution_Acct_List7',
  'GL_Distribution_Acct_List8',
  'GL_Distribution_Acct_List9',
  'GL_Distribution_Acct_List10',
  'GL_Distrib_Percent_List1',
  'GL_Distrib_Percent_List2',
  'GL_Distrib_Percent_List3',
  'GL_Distrib_Percent_List4',
  'GL_Distrib_Percent_List5',
  'GL_Distrib_Percent_List6',
  'GL_Distrib_Percent_List7',
  'GL_Distrib_Percent_List8',
  'GL_Distrib_Percent_List9',
  'GL_Distrib_Percent_List10',
] as const;

/** The filters of Trimble's job Get services (GetJob and GetJobMain take the same ones, spectrum-sdx §6–§7). */
const jobFilters = [
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
] as const;

/**
 * Every parameter of each service we call, in the order of Trimble's help pages (spectrum-sdx.md §6–§17,
 * docs/spectrum-sdx-additions.md); all are always sent, empty when unused, as ProIV requires. Written
 * out here, not shared with the simulator, so a mistake in one cannot hide in the other.
 */
// biome-ignore format: one line per page row group reads like the documentation's tables
export const serviceParameters = {
  GetJob: jobFilters,
  GetJobMain: jobFilters,
  GetPhase: [
    'Authorization_ID', 'GUID', 'pCompany_Code', 'pCost_Type', 'pJob_Number', 'pStatus_Code',
    'pCost_Center', 'pSort_By',
  ],
  AddJob: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Job_Number', 'Job_Description', 'Division',
    'Address_1', 'Address_2', 'City', 'State', 'Zip_Code', 'Phone', 'Fax_Phone', 'Job_Site_Phone',
    'Superintendent', 'Estimator', 'Project_Manager', 'Customer_Code', 'Contract_Number', 'Job_Type',
    'Tax_Class_Code', 'Taxable_Flag', 'Total_Units', 'Unit_of_Measure', 'Certified_Flag',
    'Work_Comp_Code', 'Wage_Rate_Level', 'Price_Method_Code', 'Est_Start_Date', 'Est_Complete_Date',
    'Start_Date', 'Complete_Date', 'Work_State_Tax_Code', 'Work_County_Tax_Code',
    // Spelled so on Trimble's AddJob page (UpdateJob spells it …_Code): the page is our authority.
    'Work_Local_Tax_Cod',
    'Original_Contract', 'WO_Site', 'Latitude', 'Longitude', 'Track_Davis_Bacon',
    'Track_Prevailing_Wage', 'Create_Date', ...udfs, 'Cost_Center', 'Master_Job', 'Bill_From_Master',
    'Standard_Phase_Category', 'Phase_Display_Code', 'Major_Group_Start', 'Major_Group_End',
    'Minor_Group_Start', 'Minor_Group_End', 'Status_Code',
  ],
  AddPhase: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Job_Number', 'Phase_Code', 'Description', 'Cost_Type',
    'Original_Est_Quantity', 'Unit_of_Measure', 'Original_Est_Cost', 'Original_Est_Hours',
    'Bid_Item_Number', 'Alt_Phase_Code', 'Work_Comp_Code', 'Price_Method_Code', 'Phase_Cost_Center',
    'Current_Est_Hours', 'Current_Est_Quantity', 'Current_Est_Cost', 'Status_Code',
  ],
  AddVendor: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Vendor_Code', 'Vendor_Name', 'Alpha_Sort', 'Type',
    'Address_1', 'Address_2', 'Address_3', 'State', 'Zip_Code', 'Phone', 'Fax_Phone', 'Contact_Name',
    'Our_Account_Number', 'Terms_Code', 'Terms_Days', 'Terms_Disc_Code', 'Terms_Disc_Days',
    'Terms_Disc_Percent', 'Insurance_Cert_Flag', 'Insurance_Exp_Date', 'Hold_Flag', 'Default_GL_Account',
    ...glDistribution,
    'Use_Tax_Code', 'Send_1099_Flag', 'Alt_1099_Name', 'Fed_1099_Indicator', 'Social_Sec_Number',
    'Fed_Id_Number', 'Disadv_Business_Flag', 'Disadv_Business_Type', 'Routing_Code1', 'Routing_Code2',
    'Routing_Limit', 'Vendor_Email', 'Contact_Phone', ...udfs,
  ],
  // Not AddVendor's list: the city is `City`, the order differs, and the Canadian T5018 set is here.
  UpdateVendor: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Vendor_Code', 'Vendor_Name', 'Alpha_Sort', 'Type',
    'Our_Account_Number', 'Address_1', 'Address_2', 'City', 'State', 'Zip_Code', 'Addr_Country', 'Phone',
    'Fax_Phone', 'Vendor_Email', 'Web_Site', 'Disadv_Business_Flag', 'Disadv_Business_Type',
    'Small_Business', 'Minority_Business', 'Woman_Business', 'Veteran_Business', 'Status',
    'Routing_Code1', 'Routing_Limit', 'Routing_Code2', 'Use_Tax_Code', 'Default_GL_Account', 'Hold_Flag',
    ...glDistribution, 'Terms_Code', 'Terms_Days', 'Terms_Disc_Code', 'Terms_Disc_Days',
    'Terms_Disc_Percent', 'Insurance_Cert_Flag', 'Insurance_Exp_Date', 'PO_Method', 'Vendor_Status',
    'Checking_Account_Code', 'Account_Type', 'ABA_Number', 'Bank_Account_Code', 'Send_1099_Flag',
    'Alt_1099_Name', 'Fed_1099_Indicator', 'Social_Sec_Number', 'Fed_Id_Number', 'Recipient_Type_Code',
    'Social_Insurance_Number', 'Recipient_Account_Number', 'Partnership_Filer_ID_Number',
    'Alternate_T5018_Name', 'Individual_First_Name', 'Individual_Middle_Initial', 'Individual_Last_Name',
    'Override_Currency_Code',
  ],
  UpdateSubcontract: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Vendor_Code', 'Subcontract_Number', 'Job_Number',
    'Default_Phase_Code', 'Default_Cost_Type', 'Status_Code', 'Contract_Type', 'Insurance_Cert_Flag',
    'Sent_Date', 'Date_Issued', 'Contact_Person', 'Unit_Price_Flag', 'Comment', 'Routing_Code1',
    'Routing_Limit', 'Routing_Code2', 'GL_Account', 'Retention_Percent', 'Next_Payment_Number',
    'Pay_Override', 'Pay_Terms', 'Pay_Days', 'Disc_Override', 'Disc_Terms', 'Disc_Days', 'Disc_Perc',
    'Pay_When_Paid', 'Cost_Center_Override',
  ],
  UpdateSubcontractPhases: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Vendor_Code', 'Subcontract_Number', 'Phase_Code',
    'Cost_Type', 'Bid_Item_Number', 'Bill_Description', 'Unit_Of_Measure', 'Retention_Flag',
    'Unit_Price', 'Original_Contract_Quantity', 'Original_Contract_Amount',
  ],
  ARChangeRequest: [
    'Authorization_ID', 'GUID', 'Company_Code', 'Job_Number', 'Customer_Code', 'Change_Request_Number',
    'CR_Description', 'CR_Status', 'Cost_Reimbursable_Flag', 'Origination_Date', 'Approved_Date',
    'Fee_Percent', 'Fee_Amount', 'CR_Phase_Code', 'CR_Cost_Type', 'Change_Request_Quantity',
    'Change_Request_Hours', 'Change_Request_Amount', 'Subcontractor_Code', 'Subcontract_Number',
    'Sub_Amount', 'Sub_Bid_Group_Item_Code', 'Sub_Bid_Item_Code', 'Sub_Status',
    'Sub_Change_Order_Number', 'Sub_Change_Order_Date', 'Sub_Signed_Date', 'Sub_Description',
    'Sub_Type', 'Sub_Proposal_Date', 'Sub_Sent_Date', 'Sub_Due_Date', 'Sub_Comments',
    'Markup_Cost_Type', 'Markup_Percent', 'Markup_Amount', 'Pricing_Addon_Code',
    'Pricing_Addon_MU_Percent', 'Pricing_Addon_MU_Amount', 'Pricing_Addon_Phase',
    'Pricing_Addon_Cost_Type', 'CR_Billing_Group_Code', 'CR_Billing_Item_Code',
    'CR_Billing_Item_Description', 'CR_Additional_Description', 'CR_Unit_Price', 'CR_Quantity',
    'CR_Revenue', 'Proceed_Submitted_Date', 'Proceed_Received_Date', 'Rough_Estimate',
    'Quotation_Submitted_Date', 'Quotation_Due_Date', 'Requested_Days', 'Approved_Days',
    'Default_Billing_Total',
  ],
} as const;

export type Service = keyof typeof serviceParameters;
export type GetService = 'GetJob' | 'GetJobMain' | 'GetPhase';
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
       * The envelope did not close and the text after the last complete `<response>` is more than
       * closing tags: a row was cut in the middle, so rows (or the result) may be missing.
       */
      cutMidRow: boolean;
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
/** Only closing tags (the last one possibly cut itself): what a loaded Spectrum server loses at the end. */
const closingTagsOnly = /^(?:\s*<\/[\w.:-]+\s*>)*\s*(?:<\/?[\w.:-]*)?$/;

/**
 * Reads an answer of `service`. Rows are the `response` elements under `returnData`, whatever wraps
 * them (Get answers put them in a `getJob`-like element, Put answers do not). An answer cut off in
 * transit is read as far as its last complete `response` (ERP.md §2 "production behaviour").
 */
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
    return { kind: 'records', records: rowsUnder(data), cutMidRow: false };
  }
  return recoverRecords(xml);
}

/**
 * The complete `<response>` blocks of a cut-off answer: the text from the first block's start to the
 * last block's end, wrapped in one element of our own so the parser sees a closed document. The text
 * after them tells whether only closing tags were lost or a row was cut.
 */
function recoverRecords(xml: string): SdxAnswer {
  const start = xml.search(responseStart);
  let end = -1;
  for (const match of xml.matchAll(responseEnd)) end = match.index + match[0].length;
  if (start < 0 || end < start) return { kind: 'records', records: [], cutMidRow: true };
  const blocks = child(parser.parse(`<blocks>${xml.slice(start, end)}</blocks>`) as Node, 'blocks');
  return {
    kind: 'records',
    records: toRecords(child(blocks, 'response')),
    cutMidRow: !closingTagsOnly.test(xml.slice(end)),
  };
}

/** The `response` elements under `returnData`: its own, or those of the element wrapping them. */
function rowsUnder(data: Node): SdxRecord[] {
  if (typeof data !== 'object' || data === null) return [];
  const own = child(data, 'response');
  if (own !== undefined) return toRecords(own);
  return Object.values(data).flatMap((wrapper) => toRecords(child(wrapper as Node, 'response')));
}

function toRecords(list: Node | Node[]): SdxRecord[] {
  if (!Array.isArray(list)) return [];
  return list.map((response: Node) => {
    const record: SdxRecord = {};
    if (typeof response === 'object' && response !== null) {
      for (const [name, value] of Object.entries(response)) record[name] = text(value as Node);
    }
    return record;
  });
}
