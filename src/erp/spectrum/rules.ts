/**
 * Spectrum's field rules in our record model (spectrum-sdx.md §12–§17, ERP.md §2), and the way back:
 * which of our fields a Spectrum column names when SDX refuses it. Both live here so that a rule and
 * the path its refusal reports cannot drift apart.
 *
 * Spectrum truncates a value longer than its element's Max without a word (spectrum-sdx §4): every
 * length here is an error, never a warning, so no value is ever sent that Spectrum would shorten.
 * Amounts are checked in the decimal text SDX carries (`-1234.56`), whose Max counts sign and point.
 */

import type { FieldRule } from '../../domain/preflight.ts';
import { preflight } from '../../domain/preflight.ts';
import { type ConnectorDescription, type ExportKind, RejectedErpError } from '../connector.ts';
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

const amountRule = (path: string, maxLength: number): FieldRule => ({
  path,
  label: 'Amount',
  maxLength,
  money: true,
});

/** Spectrum's key fields (vendor, customer codes) never hold SuperSelect or markup characters (§4). */
const keyCharacters = {
  pattern: '^[^/*?"\'><#,&~]*$',
  patternMessage: 'none of / * ? " \' > < # , & ~',
};

export interface SpectrumRuleSettings {
  phaseMask?: string;
  /** The connection's taxable flag for new jobs: with one, a project may leave its own blank. */
  defaultTaxable?: boolean;
}

export function describeSpectrum({ phaseMask, defaultTaxable }: SpectrumRuleSettings): ConnectorDescription {
  return {
    system: 'spectrum',
    exports: ['project', 'cost_codes', 'budget', 'vendor', 'commitment', 'change_order'],
    imports: ['jobs', 'job_templates', 'standard_cost_codes', 'cost_types', 'vendors', 'job_costs'],
    fields: {
      project: [
        { path: 'jobNumber', label: 'Job number', required: true, maxLength: 10 },
        { path: 'name', label: 'Job description', maxLength: 25 },
        {
          path: 'division',
          label: 'Division',
          maxLength: 5,
          pattern: '^[0-9]+$',
          patternMessage: 'digits only',
        },
        { path: 'address.line1', label: 'Address', maxLength: 30 },
        { path: 'address.city', label: 'City', maxLength: 25 },
        { path: 'address.state', label: 'State', maxLength: 2 },
        { path: 'address.zip', label: 'Zip code', maxLength: 10 },
        { path: 'customerCode', label: 'Customer', maxLength: 10, ...keyCharacters },
        { path: 'costCenter', label: 'Cost center', maxLength: 10 },
        // Required by AddJob; a job template can supply the price method (GetJobMain), never the
        // taxable flag: no documented read returns it, so the project or the connection gives it.
        { path: 'priceMethod', label: 'Price method', required: true, oneOf: ['F', 'T', 'C', 'U'] },
        { path: 'taxable', label: 'Taxable flag', required: defaultTaxable === undefined },
      ],
      cost_codes: [
        phaseCodeRule('code', phaseMask),
        costTypeRule('costTypes[]'),
        { path: 'description', label: 'Description', required: true, maxLength: 25 },
      ],
      budget: [
        phaseCodeRule('lines[].code', phaseMask),
        costTypeRule('lines[].costType'),
        // Original_Est_Cost and Current_Est_Cost: Numeric 12.
        amountRule('lines[].amount', 12),
      ],
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
        // AddVendor's Address_3 and UpdateVendor's City: both 25.
        { path: 'address.city', label: 'City', maxLength: 25 },
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
        {
          path: 'retentionPercent',
          label: 'Retention %',
          pattern: '^[0-9]{1,2}(\\.[0-9])?$',
          patternMessage: 'a percentage below 100 with at most one decimal (Spectrum format 2.1)',
        },
        phaseCodeRule('lines[].code', phaseMask),
        costTypeRule('lines[].costType'),
        { path: 'lines[].description', label: 'Line description', maxLength: 25 },
        // Original_Contract_Amount: Numeric 13, format -9.2.
        amountRule('lines[].amount', 13),
      ],
      change_order: [
        // The change request's number is allocated per job (≤8); ours may be longer.
        { path: 'title', label: 'Title', maxLength: 30 },
        { path: 'description', label: 'Description', maxLength: 250 },
        phaseCodeRule('lines[].code', phaseMask),
        costTypeRule('lines[].costType'),
        // Change_Request_Amount and Sub_Amount: Numeric 14, format -10.2.
        amountRule('lines[].amount', 14),
      ],
    },
    immutableOnceCreated: [],
    // Change_Request_Number and Sub_Change_Order_Number: Text 8.
    changeOrderNumberLength: 8,
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
    Current_Est_Cost: 'lines[].amount',
    Description: 'lines[].code',
    Price_Method_Code: 'lines[].code',
  },
  vendor: {
    Vendor_Code: 'vendorCode',
    Vendor_Name: 'name',
    Alpha_Sort: 'name',
    Address_1: 'address.line1',
    Address_3: 'address.city',
    City: 'address.city',
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
    CR_Description: 'description',
    CR_Status: 'status',
    Origination_Date: 'date',
    CR_Phase_Code: 'lines[].code',
    CR_Cost_Type: 'lines[].costType',
    Change_Request_Amount: 'lines[].amount',
    Subcontractor_Code: 'vendorCode',
    Subcontract_Number: 'commitmentNumber',
    Sub_Amount: 'lines[].amount',
    Sub_Status: 'status',
    Sub_Description: 'title',
  },
} satisfies Record<string, Record<string, string>>;

export type WriteContext = keyof typeof columnPaths;

/**
 * Spectrum shortens a value longer than its element's Max without a word (spectrum-sdx §4), so the
 * connector checks every length of a record itself before sending any of it, and refuses naming our
 * field. The other rules are Spectrum's to enforce (it refuses those values itself).
 */
export function lengthCheck(description: ConnectorDescription) {
  const lengthRules = Object.fromEntries(
    Object.entries(description.fields).map(([kind, rules]) => [
      kind,
      rules.flatMap(({ path, label, maxLength, normalise, money }) =>
        maxLength === undefined || money ? [] : [{ path, label, maxLength, normalise }],
      ),
    ]),
  ) as Record<ExportKind, FieldRule[]>;
  return (kind: ExportKind, record: unknown, about: string): void => {
    const [problem] = preflight(lengthRules[kind], record, 'Spectrum').problems;
    if (problem) {
      throw new RejectedErpError(
        `${problem.message}: not sent, Spectrum would cut it short (${about})`,
        problem.path.replace(/\[\d+\]/g, '[]'),
        'length',
      );
    }
  };
}

export type LengthCheck = ReturnType<typeof lengthCheck>;
