/**
 * SOAP 1.1 envelopes of Spectrum Data Exchange (ERP.md §2): requests written out, answers read in SDX's
 * flat shape with one regular expression, or else with saxes.
 * Knows the wire format only: which parameters each service takes and how an answer is shaped. What an
 * answer *means* (stored, refused, retry) is decided by the client.
 */
import { decodeXML } from 'entities';
import { SaxesParser } from 'saxes';

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

const envelopeStart = `<?xml version="1.0" encoding="utf-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="${soapNamespace}" xmlns:nis="${sdxNamespace}"><SOAP-ENV:Body>`;
const envelopeEnd = '</SOAP-ENV:Body></SOAP-ENV:Envelope>';
const markup = /[&<>]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeText = (value: string) => value.replace(markup, (char) => entities[char]!);

/**
 * The request body: `<nis:{Service}>` with every parameter of the service, in order, '' when unset.
 * Written out directly: the shape never varies, and an export makes thousands of these.
 */
export function buildRequest<S extends Service>(service: S, values: ServiceValues<S>): string {
  let parameters = '';
  for (const name of serviceParameters[service] as readonly ServiceParameter<S>[]) {
    parameters += `<nis:${name}>${escapeText(values[name] ?? '')}</nis:${name}>`;
  }
  return `${envelopeStart}<nis:${service}>${parameters}</nis:${service}>${envelopeEnd}`;
}

/** Only closing tags (the last one possibly cut itself): what a loaded Spectrum server loses at the end. */
const closingTagsOnly = /^(?:\s*<\/[\w.:-]+\s*>)*\s*(?:<\/?[\w.:-]*)?$/;
const responseEnd = '</response>';

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * A token of SDX's flat answer shape: a field with its text (no markup in it), or empty; whitespace; any
 * other tag (a row's start or end, a Get answer's wrapper, `returnData`'s end).
 */
const flatToken = /<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>|<([A-Za-z_][\w.-]*)\/>|\s+|<(\/?)([\w.:-]+)>/y;
const closingTagsToEnd = /^(?:\s*<\/[\w.:-]+>)*\s*$/;

/**
 * The rows of an answer in exactly the shape SDX writes — after `<returnData>`, `response` rows of
 * text-only fields, then closing tags to the envelope's end — read with one regular expression: several
 * times cheaper than an XML parser, and a sync reads megabytes of them. Anything else (a fault, a
 * comment, CDATA, an attribute, a nested element, an answer cut off) answers undefined, for saxes.
 */
function readFlatRows(xml: string): SdxRecord[] | undefined {
  const start = xml.indexOf('<returnData>');
  if (start < 0) return undefined;
  const records: SdxRecord[] = [];
  let row: SdxRecord | undefined;
  flatToken.lastIndex = start + '<returnData>'.length;
  while (flatToken.lastIndex < xml.length) {
    const token = flatToken.exec(xml);
    if (!token) return undefined;
    const [, field, text, emptyField, closing, tag] = token;
    if (row && field !== undefined) {
      row[field] = (text!.includes('&') ? decodeXML(text!) : text!).trim();
    } else if (row && emptyField !== undefined) {
      row[emptyField] = '';
    } else if (!row && (emptyField === 'response' || (field === 'response' && !text!.trim()))) {
      records.push({});
    } else if (tag === 'response') {
      if (closing) records.push(row!);
      else if (row) return undefined;
      row = closing ? undefined : {};
    } else if (row && tag !== undefined) {
      return undefined;
    } else if (closing && tag === 'returnData') {
      const rest = xml.slice(flatToken.lastIndex);
      return closingTagsToEnd.test(rest) && /Envelope>\s*$/.test(rest) ? records : undefined;
    }
  }
  return undefined;
}

/**
 * Reads an answer: in SDX's flat shape with `readFlatRows`, else with saxes in one streaming pass (a Get
 * answer is megabytes; a tree of it would cost several times the reading). Rows are the `response`
 * elements under `returnData`, whatever wraps them (Get
 * answers put them in a `getJob`-like element, Put answers do not), each a record of its child elements'
 * text. An answer cut off in transit is read as far as its last complete `response` (ERP.md §2
 * "production behaviour"); whether only closing tags were lost after it, or a row was cut, is told.
 */
export function parseAnswer(_service: Service, xml: string): SdxAnswer {
  const flat = readFlatRows(xml);
  if (flat) return { kind: 'records', records: flat, cutMidRow: false };
  const parser = new SaxesParser({ position: false });
  const open: string[] = [];
  const records: SdxRecord[] = [];
  let row: SdxRecord | undefined;
  let rowDepth = 0;
  let text: string | undefined;
  let faultCode = '';
  let faultString = '';
  let inFault = false;
  let closed = false;
  let malformed: Error | undefined;
  parser.on('opentag', ({ name }) => {
    const local = localName(name);
    open.push(local);
    if (row) {
      // A child of the row is a field; anything deeper is not SDX's shape and is ignored.
      if (open.length === rowDepth + 1) text = '';
    } else if (local === 'response' && open.includes('returnData')) {
      row = {};
      rowDepth = open.length;
    } else if (local === 'Fault') {
      inFault = true;
    } else if (inFault && (local === 'faultcode' || local === 'faultstring')) {
      text = '';
    }
  });
  parser.on('text', (chunk) => {
    if (text !== undefined) text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (text !== undefined) text += chunk;
  });
  parser.on('closetag', ({ name }) => {
    const local = localName(name);
    if (row && open.length === rowDepth + 1 && text !== undefined) {
      row[local] = text.trim();
      text = undefined;
    } else if (row && open.length === rowDepth) {
      records.push(row);
      row = undefined;
    } else if (inFault && text !== undefined) {
      if (local === 'faultcode') faultCode = text.trim();
      else faultString = text.trim();
      text = undefined;
    } else if (local === 'Envelope' && open.length === 1) {
      closed = true;
    }
    open.pop();
  });
  parser.on('error', (error) => {
    malformed ??= error;
  });
  parser.write(xml);
  if (closed) {
    if (malformed) throw malformed;
    if (inFault) return { kind: 'fault', faultCode, faultString };
    return { kind: 'records', records, cutMidRow: false };
  }
  const end = xml.lastIndexOf(responseEnd);
  return {
    kind: 'records',
    records,
    cutMidRow: end < 0 || !closingTagsOnly.test(xml.slice(end + responseEnd.length)),
  };
}
