/**
 * The records the simulated Spectrum company keeps, named with the SDX element names so that the
 * inspection view (`GET /_sim/state`) reads like the requests that wrote them. One list of field names
 * per table drives the SQLite schema, the record types and the state view, so they cannot drift apart.
 * Every value is text ('' when unset): numbers canonical (`1250.5`), dates `MM/DD/CCYY`. Records carry
 * the company they were stored under (Company_Code), though the simulator plays a single company and
 * keys nothing on it.
 */

const jobFields = [
  'Company_Code',
  'Job_Number',
  'Job_Description',
  'Division',
  'Address_1',
  'Address_2',
  'City',
  'State',
  'Zip_Code',
  'Phone',
  'Fax_Phone',
  'Job_Site_Phone',
  'Superintendent',
  'Estimator',
  'Project_Manager',
  'Customer_Code',
  'Contract_Number',
  'Job_Type',
  'Tax_Class_Code',
  'Taxable_Flag',
  'Total_Units',
  'Unit_of_Measure',
  'Certified_Flag',
  'Work_Comp_Code',
  'Wage_Rate_Level',
  'Price_Method_Code',
  'Est_Start_Date',
  'Est_Complete_Date',
  'Start_Date',
  'Complete_Date',
  'Work_State_Tax_Code',
  'Work_County_Tax_Code',
  /** AddJob's own spelling of the element (spectrum-sdx §12). */
  'Work_Local_Tax_Cod',
  'Original_Contract',
  'WO_Site',
  'Latitude',
  'Longitude',
  'Track_Davis_Bacon',
  'Track_Prevailing_Wage',
  'Create_Date',
  'Cost_Center',
  'Master_Job',
  'Bill_From_Master',
  'Standard_Phase_Category',
  'Phase_Display_Code',
  'Major_Group_Start',
  'Major_Group_End',
  'Minor_Group_Start',
  'Minor_Group_End',
  'Status_Code',
  // Read by GetJobMain / GetJobDates but written by no service of ours (UpdateJob): seeded only.
  'Owner_Name',
  'Comment',
  'Legal_Desc',
  'Projected_Complete_Date',
] as const;

/** AddPhase's elements, then the job-to-date and projected figures GetPhase reads (seeded only). */
const phaseFields = [
  'Company_Code',
  'Job_Number',
  'Phase_Code',
  'Cost_Type',
  'Description',
  'Original_Est_Quantity',
  'Unit_of_Measure',
  'Original_Est_Cost',
  'Original_Est_Hours',
  'Bid_Item_Number',
  'Alt_Phase_Code',
  'Work_Comp_Code',
  'Price_Method_Code',
  'Phase_Cost_Center',
  'Current_Est_Hours',
  'Current_Est_Quantity',
  'Current_Est_Cost',
  'Status_Code',
  'JTD_Quantity',
  'JTD_Hours',
  'JTD_Actual_Dollars',
  /** Blank: no projection entered, GetPhase answers the current estimate *(our profile)*. */
  'Projected_Quantity',
  'Projected_Hours',
  'Projected_Dollars',
] as const;

/** GetCustomers' fields; Taxable_Flag and Status hold its words (`Taxable`, `Active`…). */
const customerFields = [
  'Company_Code',
  'Customer_Code',
  'Name',
  'Address_1',
  'Address_2',
  'City',
  'State',
  'Zip_Code',
  'First_Name',
  'Last_Name',
  'Phone_Number',
  'Email1',
  'Price_Level_Material',
  'Taxable_Flag',
  'Status',
] as const;

/** AddVendor's elements, then those only UpdateVendor carries (its `City` is AddVendor's `Address_3`). */
const vendorFields = [
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
  'Phone',
  'Fax_Phone',
  'Contact_Name',
  'Our_Account_Number',
  'Terms_Code',
  'Terms_Days',
  'Terms_Disc_Code',
  'Terms_Disc_Days',
  'Terms_Disc_Percent',
  'Insurance_Cert_Flag',
  'Insurance_Exp_Date',
  'Hold_Flag',
  'Default_GL_Account',
  ...numbered('GL_Distribution_Acct_List'),
  ...numbered('GL_Distrib_Percent_List'),
  'Use_Tax_Code',
  'Send_1099_Flag',
  'Alt_1099_Name',
  'Fed_1099_Indicator',
  'Social_Sec_Number',
  'Fed_Id_Number',
  'Disadv_Business_Flag',
  'Disadv_Business_Type',
  'Routing_Code1',
  'Routing_Code2',
  'Routing_Limit',
  'Vendor_Email',
  'Contact_Phone',
  'Addr_Country',
  'Web_Site',
  'Small_Business',
  'Minority_Business',
  'Woman_Business',
  'Veteran_Business',
  /** `A` active, `I` inactive, `N` not used: AddVendor creates `A`, UpdateVendor may change it. */
  'Status',
  'PO_Method',
  'Vendor_Status',
  'Checking_Account_Code',
  'Account_Type',
  'ABA_Number',
  'Bank_Account_Code',
  'Recipient_Type_Code',
  'Social_Insurance_Number',
  'Recipient_Account_Number',
  'Partnership_Filer_ID_Number',
  'Alternate_T5018_Name',
  'Individual_First_Name',
  'Individual_Middle_Initial',
  'Individual_Last_Name',
  'Override_Currency_Code',
] as const;

function numbered<P extends string>(prefix: P) {
  return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `${prefix}${n}` as const) as `${P}${number}`[];
}

const subcontractFields = [
  'Company_Code',
  'Vendor_Code',
  'Subcontract_Number',
  'Job_Number',
  'Default_Phase_Code',
  'Default_Cost_Type',
  'Status_Code',
  'Contract_Type',
  'Insurance_Cert_Flag',
  'Sent_Date',
  'Date_Issued',
  'Contact_Person',
  'Unit_Price_Flag',
  'Comment',
  'Routing_Code1',
  'Routing_Limit',
  'Routing_Code2',
  'GL_Account',
  'Retention_Percent',
  'Next_Payment_Number',
  'Pay_Override',
  'Pay_Terms',
  'Pay_Days',
  'Disc_Override',
  'Disc_Terms',
  'Disc_Days',
  'Disc_Perc',
  'Pay_When_Paid',
  'Cost_Center_Override',
] as const;

const subcontractPhaseFields = [
  'Company_Code',
  'Vendor_Code',
  'Subcontract_Number',
  'Phase_Code',
  'Cost_Type',
  'Bid_Item_Number',
  'Bill_Description',
  'Unit_Of_Measure',
  'Retention_Flag',
  'Unit_Price',
  'Original_Contract_Quantity',
  'Original_Contract_Amount',
] as const;

/** A change request's header: the elements every record of it repeats (spectrum-sdx §17, assumption 6). */
export const changeRequestHeaderFields = [
  'CR_Description',
  'CR_Status',
  'Cost_Reimbursable_Flag',
  'Origination_Date',
  'Approved_Date',
  'Fee_Percent',
  'Fee_Amount',
  'Proceed_Submitted_Date',
  'Proceed_Received_Date',
  'Rough_Estimate',
  'Quotation_Submitted_Date',
  'Quotation_Due_Date',
  'Requested_Days',
  'Approved_Days',
  'Default_Billing_Total',
] as const;

/** The amounts of a change request's cost line. */
export const changeRequestLineValues = [
  'Change_Request_Quantity',
  'Change_Request_Hours',
  'Change_Request_Amount',
] as const;

/** The subcontract section of a cost line: with it, the line is a subcontract change order. */
export const changeRequestSubcontractFields = [
  'Subcontractor_Code',
  'Subcontract_Number',
  'Sub_Amount',
  'Sub_Bid_Group_Item_Code',
  'Sub_Bid_Item_Code',
  'Sub_Status',
  'Sub_Change_Order_Number',
  'Sub_Change_Order_Date',
  'Sub_Signed_Date',
  'Sub_Description',
  'Sub_Type',
  'Sub_Proposal_Date',
  'Sub_Sent_Date',
  'Sub_Due_Date',
  'Sub_Comments',
] as const;

const changeRequestKey = ['Company_Code', 'Job_Number', 'Customer_Code', 'Change_Request_Number'] as const;
const changeRequestFields = [...changeRequestKey, ...changeRequestHeaderFields] as const;

/**
 * A cost-tab line of a change request. Spectrum allows duplicate lines (the first one is updated), so
 * a line is numbered within its change request *(our profile: `Line_Number` 1, 2, …)*.
 */
const changeRequestLineFields = [
  ...changeRequestKey,
  'Line_Number',
  'CR_Phase_Code',
  'CR_Cost_Type',
  ...changeRequestLineValues,
  ...changeRequestSubcontractFields,
] as const;

/** The company's setup tables, which the services validate against. */
const authorizationFields = ['Authorization_ID', 'Company_Code', 'Status', 'Services'] as const;
const costCenterFields = ['Cost_Center', 'Description'] as const;
const costTypeFields = ['Cost_Type', 'Description'] as const;
const unitFields = ['Unit_of_Measure', 'Description'] as const;
/** `Direct_Job_Cost` Y: a job-cost account a subcontract may post to; N: overhead. */
const glAccountFields = ['GL_Account', 'Description', 'Direct_Job_Cost', 'Status'] as const;
/** `Action`: `approved` or `executed` for the statuses that allow an Approved_Date, else blank. */
const changeRequestStatusFields = ['CR_Status', 'Description', 'Action'] as const;

export interface TableSpec<F extends readonly string[] = readonly string[]> {
  fields: F;
  key: readonly F[number][];
  /** Further lookup keys, each an index. */
  indexes?: readonly (readonly F[number][])[];
  /** Columns stored as SQLite integers (so they sort as numbers), still text in a record. */
  integers?: readonly F[number][];
}

function table<F extends readonly string[]>(spec: TableSpec<F>): TableSpec<F> {
  return spec;
}

export const tables = {
  jobs: table({ fields: jobFields, key: ['Job_Number'] }),
  phases: table({ fields: phaseFields, key: ['Job_Number', 'Phase_Code', 'Cost_Type'] }),
  customers: table({ fields: customerFields, key: ['Customer_Code'] }),
  vendors: table({ fields: vendorFields, key: ['Vendor_Code'], indexes: [['Status']] }),
  subcontracts: table({ fields: subcontractFields, key: ['Vendor_Code', 'Subcontract_Number'] }),
  subcontractPhases: table({
    fields: subcontractPhaseFields,
    key: ['Vendor_Code', 'Subcontract_Number', 'Phase_Code', 'Cost_Type', 'Bid_Item_Number'],
  }),
  changeRequests: table({
    fields: changeRequestFields,
    key: ['Job_Number', 'Customer_Code', 'Change_Request_Number'],
    indexes: [['Job_Number', 'Change_Request_Number']],
  }),
  changeRequestLines: table({
    fields: changeRequestLineFields,
    key: ['Job_Number', 'Customer_Code', 'Change_Request_Number', 'Line_Number'],
    integers: ['Line_Number'],
  }),
  authorizations: table({ fields: authorizationFields, key: ['Authorization_ID'] }),
  costCenters: table({ fields: costCenterFields, key: ['Cost_Center'] }),
  costTypes: table({ fields: costTypeFields, key: ['Cost_Type'] }),
  unitsOfMeasure: table({ fields: unitFields, key: ['Unit_of_Measure'] }),
  glAccounts: table({ fields: glAccountFields, key: ['GL_Account'] }),
  changeRequestStatuses: table({ fields: changeRequestStatusFields, key: ['CR_Status'] }),
};

export type TableName = keyof typeof tables;

/** The fields of a table's record; every value is the text SDX would carry ('' when unset). */
export type FieldsOf<T extends TableName> = { [K in (typeof tables)[T]['fields'][number]]: string };

/** A stored record as the inspection view shows it: its fields plus how many times a Put stored it. */
export type StoredRecord<T extends TableName> = FieldsOf<T> & { writeCount: number };

export type SimJob = StoredRecord<'jobs'>;
export type SimPhase = StoredRecord<'phases'>;
export type SimCustomer = StoredRecord<'customers'>;
export type SimVendor = StoredRecord<'vendors'>;
export type SimSubcontract = StoredRecord<'subcontracts'>;
export type SimSubcontractPhase = StoredRecord<'subcontractPhases'>;
export type SimChangeRequest = StoredRecord<'changeRequests'>;
export type SimChangeRequestLine = StoredRecord<'changeRequestLines'>;

export const putServiceNames = [
  'AddJob',
  'AddPhase',
  'AddVendor',
  'UpdateVendor',
  'UpdateSubcontract',
  'UpdateSubcontractPhases',
  'ARChangeRequest',
] as const;
export const getServiceNames = [
  'GetJob',
  'GetJobMain',
  'GetJobDates',
  'GetJobUDF',
  'GetPhase',
  'GetCustomers',
] as const;
export type PutServiceName = (typeof putServiceNames)[number];
export type GetServiceName = (typeof getServiceNames)[number];
export type SpectrumServiceName = PutServiceName | GetServiceName;

/** What `GET /_sim/state` answers and `SpectrumSimulator.state()` returns (brief §5). */
export interface SpectrumSimState {
  jobs: SimJob[];
  phases: SimPhase[];
  customers: SimCustomer[];
  vendors: SimVendor[];
  subcontracts: SimSubcontract[];
  subcontractPhases: SimSubcontractPhase[];
  /** One per Job + Customer + Change_Request_Number: the header. */
  changeRequests: SimChangeRequest[];
  /** One per cost line. */
  changeRequestLines: SimChangeRequestLine[];
  /** Records stored by each Put service (seeded records are not counted). */
  writes: Record<PutServiceName, number>;
  /** Over-long text values cut to their Max, by `Service.Element` (e.g. `AddJob.Job_Description`). */
  truncatedValues: Record<string, number>;
}

/** A record of the table with every field empty, to lay a new record's values over. */
export function blankRecord<T extends TableName>(name: T): FieldsOf<T> {
  return { ...(blanks[name] as FieldsOf<T>) };
}

// Built once: every Put call starts from one, and a vendor has a hundred fields.
const blanks = Object.fromEntries(
  Object.entries(tables).map(([name, { fields }]) => [name, Object.fromEntries(fields.map((f) => [f, '']))]),
) as Record<TableName, Record<string, string>>;
