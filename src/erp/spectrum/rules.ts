/**
 * Spectrum's field rules in our record model (ERP.md §2), and the way back: which of our fields a
 * Spectrum column names when SDX refuses it. Both live here so that a rule and the path its refusal
 * reports cannot drift apart.
 */
import type { ConnectorDescription, FieldRule } from '../connector.ts';
import { maskMessage, maskPattern } from './phase-mask.ts';

/** A phase code rule at `path`: dashes removed, ≤20, fitting the company's mask when one is set. */
function phaseCodeRule(path: string, phaseMask: string | undefined): FieldRule {
  return {
    path,
    label: 'Cost code',
    required: true,
    maxLength: 20,
    normalise: 'remove-dashes',
    ...(phaseMask ? { pattern: maskPattern(phaseMask), patternMessage: maskMessage(phaseMask) } : {}),
  };
}

const costTypeRule = (path: string): FieldRule => ({
  path,
  label: 'Cost type',
  required: true,
  maxLength: 3,
});

export function describeSpectrum(phaseMask: string | undefined): ConnectorDescription {
  return {
    system: 'spectrum',
    exports: ['project', 'cost_codes', 'budget', 'vendor', 'commitment', 'change_order'],
    imports: ['jobs', 'job_templates', 'standard_cost_codes', 'cost_types', 'vendors', 'job_costs'],
    fields: {
      project: [
        { path: 'jobNumber', label: 'Job number', required: true, maxLength: 10 },
        { path: 'name', label: 'Job description', required: true, maxLength: 25 },
        { path: 'division', label: 'Division', maxLength: 5 },
        { path: 'address.line1', label: 'Address', maxLength: 30 },
        { path: 'address.city', label: 'City', maxLength: 25 },
        { path: 'address.state', label: 'State', maxLength: 2 },
        { path: 'address.zip', label: 'Zip code', maxLength: 10 },
        { path: 'customerCode', label: 'Customer', maxLength: 10 },
        { path: 'costCenter', label: 'Cost center', maxLength: 10 },
        // Required for a new job (AddJob); a job template can supply both.
        { path: 'priceMethod', label: 'Price method', required: true, oneOf: ['F', 'T', 'C', 'U'] },
        { path: 'taxable', label: 'Taxable flag', required: true },
      ],
      cost_codes: [
        phaseCodeRule('code', phaseMask),
        costTypeRule('costTypes[]'),
        { path: 'description', label: 'Description', required: true, maxLength: 25 },
      ],
      budget: [phaseCodeRule('lines[].code', phaseMask), costTypeRule('lines[].costType')],
      vendor: [
        {
          path: 'vendorCode',
          label: 'Vendor code',
          required: true,
          maxLength: 10,
          pattern: '^[A-Z0-9]+$',
          patternMessage: 'uppercase letters and digits only',
        },
        {
          path: 'name',
          label: 'Vendor name',
          required: true,
          maxLength: 30,
          pattern: '^[^,]*$',
          patternMessage: 'no commas',
        },
        { path: 'address.line1', label: 'Address', maxLength: 30 },
        { path: 'address.city', label: 'City', maxLength: 30 },
        { path: 'address.state', label: 'State', maxLength: 2 },
        { path: 'address.zip', label: 'Zip code', maxLength: 10 },
        {
          path: 'email',
          label: 'Email',
          maxLength: 80,
          pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
          patternMessage: 'an email address',
        },
      ],
      commitment: [
        { path: 'jobNumber', label: 'Job number', required: true, maxLength: 10 },
        { path: 'vendorCode', label: 'Vendor code', required: true, maxLength: 10 },
        { path: 'number', label: 'Subcontract number', required: true, maxLength: 10 },
        { path: 'title', label: 'Title', maxLength: 120 },
        phaseCodeRule('lines[].code', phaseMask),
        costTypeRule('lines[].costType'),
        { path: 'lines[].description', label: 'Line description', maxLength: 25 },
      ],
      change_order: [
        { path: 'number', label: 'Change order number', required: true, maxLength: 8 },
        { path: 'title', label: 'Title', maxLength: 30 },
        { path: 'description', label: 'Description', maxLength: 250 },
        phaseCodeRule('lines[].code', phaseMask),
        costTypeRule('lines[].costType'),
      ],
    },
    immutableOnceCreated: [],
  };
}

/**
 * Spectrum column → our field path, per write. A column missing here (GL_Account from the settings,
 * the Customer_Code taken from the job) names nothing the user entered: the refusal keeps the column
 * in its message and leaves the field empty.
 */
export const columnPaths = {
  job: {
    Job_Number: 'jobNumber',
    Job_Description: 'name',
    Division: 'division',
    Address_1: 'address.line1',
    City: 'address.city',
    State: 'address.state',
    Zip_Code: 'address.zip',
    Customer_Code: 'customerCode',
    Cost_Center: 'costCenter',
    Price_Method_Code: 'priceMethod',
    Taxable_Flag: 'taxable',
  },
  costCodes: { Phase_Code: 'code', Cost_Type: 'costTypes[]', Description: 'description' },
  /** A missing description or price method means the code × cost type is not on the job yet. */
  estimates: {
    Phase_Code: 'lines[].code',
    Cost_Type: 'lines[].costType',
    Original_Est_Cost: 'lines[].amount',
    Description: 'lines[].code',
    Price_Method_Code: 'lines[].code',
  },
  vendor: {
    Vendor_Code: 'vendorCode',
    Vendor_Name: 'name',
    Alpha_Sort: 'name',
    Address_1: 'address.line1',
    Address_3: 'address.city',
    State: 'address.state',
    Zip_Code: 'address.zip',
    Vendor_Email: 'email',
  },
  subcontract: {
    Vendor_Code: 'vendorCode',
    Subcontract_Number: 'number',
    Job_Number: 'jobNumber',
    Comment: 'title',
    Status_Code: 'status',
    Retention_Percent: 'retentionPercent',
    Date_Issued: 'dateIssued',
  },
  subcontractLines: {
    Vendor_Code: 'vendorCode',
    Subcontract_Number: 'number',
    Phase_Code: 'lines[].code',
    Cost_Type: 'lines[].costType',
    Bill_Description: 'lines[].description',
    Original_Contract_Amount: 'lines[].amount',
  },
  changeRequest: {
    Job_Number: 'jobNumber',
    Change_Request_Number: 'number',
    CR_Description: 'description',
    CR_Status: 'status',
    Origination_Date: 'date',
    CR_Phase_Code: 'lines[].code',
    CR_Cost_Type: 'lines[].costType',
    CR_Amount: 'lines[].amount',
    Subcontractor_Code: 'vendorCode',
    Subcontract_Number: 'commitmentNumber',
    Sub_Amount: 'lines[].amount',
    Sub_Status: 'status',
    Sub_Change_Order_Number: 'number',
    Sub_Description: 'title',
  },
} satisfies Record<string, Record<string, string>>;

export type WriteContext = keyof typeof columnPaths;
