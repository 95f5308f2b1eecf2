/**
 * The records the simulated Spectrum company keeps, named with the SDX field names so that the
 * inspection view (`GET /_sim/state`) reads like the ERP's own data. One list of field names per
 * table drives the SQLite schema, the record types and the state view, so they cannot drift apart.
 */

export const jobFields = [
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
] as const;

export const phaseFields = [
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
  'Current_Estimated_Dollars',
  'JTD_Actual_Dollars',
] as const;

export const vendorFields = [
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
  /** `A` active, `I` inactive; SDX has no parameter for it, only `GET /vendors` reads it. */
  'Status_Code',
] as const;

export const subcontractFields = [
  'Vendor_Code',
  'Subcontract_Number',
  'Job_Number',
  'GL_Account',
  'Comment',
  'Status_Code',
  'Retention_Percent',
  'Date_Issued',
] as const;

export const subcontractPhaseFields = [
  'Vendor_Code',
  'Subcontract_Number',
  'Phase_Code',
  'Cost_Type',
  'Bid_Item_Number',
  'Bill_Description',
  'Unit_Of_Measure',
  'Original_Contract_Amount',
] as const;

/** One record per change-request line; the header fields are repeated on every line, as SDX sends them. */
export const changeRequestFields = [
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
] as const;

interface TableSpec<F extends readonly string[]> {
  fields: F;
  /** The natural key SDX upserts on. */
  key: readonly F[number][];
  /** Numbers with two decimals (money, quantities, percentages): kept as integer hundredths. */
  decimals: readonly F[number][];
}

function table<F extends readonly string[]>(spec: TableSpec<F>): TableSpec<F> {
  return spec;
}

export const tables = {
  jobs: table({ fields: jobFields, key: ['Job_Number'], decimals: [] }),
  phases: table({
    fields: phaseFields,
    key: ['Job_Number', 'Phase_Code', 'Cost_Type'],
    decimals: [
      'Original_Est_Quantity',
      'Original_Est_Hours',
      'Original_Est_Cost',
      'Current_Estimated_Dollars',
      'JTD_Actual_Dollars',
    ],
  }),
  vendors: table({ fields: vendorFields, key: ['Vendor_Code'], decimals: [] }),
  subcontracts: table({
    fields: subcontractFields,
    key: ['Vendor_Code', 'Subcontract_Number'],
    decimals: ['Retention_Percent'],
  }),
  subcontractPhases: table({
    fields: subcontractPhaseFields,
    key: ['Vendor_Code', 'Subcontract_Number', 'Phase_Code', 'Cost_Type', 'Bid_Item_Number'],
    decimals: ['Original_Contract_Amount'],
  }),
  changeRequests: table({
    fields: changeRequestFields,
    key: ['Job_Number', 'Customer_Code', 'Change_Request_Number', 'CR_Phase_Code', 'CR_Cost_Type'],
    decimals: ['CR_Amount', 'Sub_Amount'],
  }),
};

export type TableName = keyof typeof tables;

/** The SDX fields of a table's record; every value is the text SDX would carry ('' when unset). */
export type FieldsOf<T extends TableName> = { [K in (typeof tables)[T]['fields'][number]]: string };

/** A stored record as the inspection view shows it: its fields plus how many times a Put stored it. */
export type StoredRecord<T extends TableName> = FieldsOf<T> & { writeCount: number };

export type SimJob = StoredRecord<'jobs'>;
export type SimPhase = StoredRecord<'phases'>;
export type SimVendor = StoredRecord<'vendors'>;
export type SimSubcontract = StoredRecord<'subcontracts'>;
export type SimSubcontractPhase = StoredRecord<'subcontractPhases'>;
export type SimChangeRequestLine = StoredRecord<'changeRequests'>;

export const putServiceNames = [
  'AddJob',
  'AddPhase',
  'AddVendor',
  'UpdateSubcontract',
  'UpdateSubcontractPhases',
  'ARChangeRequest',
] as const;
export type PutServiceName = (typeof putServiceNames)[number];
export type GetServiceName = 'GetJob' | 'GetPhase';
export type SpectrumServiceName = PutServiceName | GetServiceName;

/** What `GET /_sim/state` answers and `SpectrumSimulator.state()` returns. */
export interface SpectrumSimState {
  jobs: SimJob[];
  phases: SimPhase[];
  vendors: SimVendor[];
  subcontracts: SimSubcontract[];
  subcontractPhases: SimSubcontractPhase[];
  changeRequests: SimChangeRequestLine[];
  /** Records stored by each Put service (seeded records are not counted). */
  writes: Record<PutServiceName, number>;
}

/** The company-level settings every call is checked against. */
export interface SimSettings {
  companyCode: string;
  authorizationId: string;
  /** Empty when the company has no phase mask. */
  phaseMask: string;
}

/** A record of the table with every field empty, to lay a new record's parameters over. */
export function blankRecord<T extends TableName>(table: T): FieldsOf<T> {
  return Object.fromEntries(tables[table].fields.map((field) => [field, ''])) as FieldsOf<T>;
}
