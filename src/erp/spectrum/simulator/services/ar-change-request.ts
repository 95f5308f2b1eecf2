import { Checks, type ErrorRecord, type Params } from '../checks.ts';
import { code, date, flag, numeric, putHeader, text } from '../elements.ts';
import { multiply, sum } from '../formats.ts';
import {
  blankRecord,
  changeRequestHeaderFields,
  changeRequestLineValues,
  changeRequestSubcontractFields,
  type SimJob,
} from '../records.ts';
import { checkCostLine, hasSubcontract, saveLine } from './change-request-lines.ts';
import { checkDateWithin } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService, ServiceRequest } from './service.ts';

const billingDetails = [
  'CR_Billing_Item_Description',
  'CR_Additional_Description',
  'CR_Unit_Price',
  'CR_Quantity',
  'CR_Revenue',
] as const;

const markupFields = ['Markup_Cost_Type', 'Markup_Percent', 'Markup_Amount'] as const;
const pricingAddonFields = [
  'Pricing_Addon_Code',
  'Pricing_Addon_MU_Percent',
  'Pricing_Addon_MU_Amount',
  'Pricing_Addon_Phase',
  'Pricing_Addon_Cost_Type',
] as const;

/**
 * ARChangeRequest (spectrum-sdx §17): adds or updates a change request on a job's AR contract (key
 * Job + Customer + Change_Request_Number) and its cost lines; it never creates phases or billing items.
 * - A blank Change_Request_Number takes the next free number on the job, answered as one `G`
 *   response carrying it *(our profile)*.
 * - A record naming CR_Phase_Code writes the cost line identified by phase, cost type, subcontractor,
 *   subcontract and sub billing group/item: the first match is updated, else a line is added.
 * - The subcontract section (a subcontract change order) is ignored when Subcontractor_Code and
 *   Subcontract_Number are both blank.
 * - The demo contracts have no schedule of values, markups or pricing add-ons: billing, markup and
 *   add-on data is refused, and Default_Billing_Total Y can never be met (no status has action type 4).
 * - Hours, Amount and Subcontractor_Code are not required: the page's Req says YES, its text "can be
 *   blank" (brief §3).
 */
export const arChangeRequest: PutService = {
  kind: 'put',
  name: 'ARChangeRequest',
  elements: [
    ...putHeader,
    text('Job_Number', 10, { required: true }),
    text('Customer_Code', 10, { required: true, rules: ['key'] }),
    text('Change_Request_Number', 8),
    text('CR_Description', 250),
    text('CR_Status', 2),
    flag('Cost_Reimbursable_Flag'),
    date('Origination_Date'),
    date('Approved_Date'),
    numeric('Fee_Percent', 7, '-3.2'),
    numeric('Fee_Amount', 12, '-8.2'),
    text('CR_Phase_Code', 20, { rules: ['noDashes'] }),
    text('CR_Cost_Type', 3),
    numeric('Change_Request_Quantity', 11, '-7.2'),
    numeric('Change_Request_Hours', 10, '-6.2'),
    numeric('Change_Request_Amount', 14, '-10.2'),
    text('Subcontractor_Code', 10, { rules: ['key'] }),
    text('Subcontract_Number', 10),
    numeric('Sub_Amount', 14, '-10.2'),
    text('Sub_Bid_Group_Item_Code', 2),
    text('Sub_Bid_Item_Code', 11),
    code('Sub_Status', 1, ['P', 'E', 'R']),
    text('Sub_Change_Order_Number', 8),
    date('Sub_Change_Order_Date'),
    date('Sub_Signed_Date'),
    text('Sub_Description', 30),
    text('Sub_Type', 15),
    date('Sub_Proposal_Date'),
    date('Sub_Sent_Date'),
    date('Sub_Due_Date'),
    text('Sub_Comments', 250),
    text('Markup_Cost_Type', 3),
    numeric('Markup_Percent', 6, '3.2'),
    numeric('Markup_Amount', 14, '-10.2'),
    text('Pricing_Addon_Code', 10),
    numeric('Pricing_Addon_MU_Percent', 6, '-'),
    numeric('Pricing_Addon_MU_Amount', 14, '-10.2'),
    text('Pricing_Addon_Phase', 20, { rules: ['noDashes'] }),
    text('Pricing_Addon_Cost_Type', 3),
    text('CR_Billing_Group_Code', 2),
    text('CR_Billing_Item_Code', 11),
    text('CR_Billing_Item_Description', 30),
    text('CR_Additional_Description', 40),
    numeric('CR_Unit_Price', 11, '-5.4'),
    numeric('CR_Quantity', 11, '-7.2'),
    numeric('CR_Revenue', 14, '-10.2'),
    date('Proceed_Submitted_Date'),
    date('Proceed_Received_Date'),
    numeric('Rough_Estimate', 12, '-8.2'),
    date('Quotation_Submitted_Date'),
    date('Quotation_Due_Date'),
    numeric('Requested_Days', 4, '-3'),
    numeric('Approved_Days', 4, '-3'),
    flag('Default_Billing_Total'),
  ],
  // Assumptions 17 and 18: a blank subcontract pair, or a blank billing group and item, mutes its section.
  ignored(params) {
    return [
      ...(hasSubcontract(params) ? [] : changeRequestSubcontractFields),
      ...(params.CR_Billing_Group_Code || params.CR_Billing_Item_Code ? [] : billingDetails),
    ];
  },
  required({ params, store }) {
    const missing: ErrorRecord[] = [];
    const need = (column: string, why: string) => {
      if (!params[column]) missing.push({ code: 'M', column, desc: `${column} is required ${why}` });
    };
    const isNew =
      !params.Change_Request_Number ||
      !store.find('changeRequests', {
        Job_Number: params.Job_Number ?? '',
        Customer_Code: params.Customer_Code ?? '',
        Change_Request_Number: params.Change_Request_Number,
      });
    if (isNew) need('CR_Status', 'for a new change request');
    if (hasSubcontract(params)) {
      need('CR_Phase_Code', 'with subcontract details');
      need('CR_Cost_Type', 'with subcontract details');
      need('Subcontractor_Code', 'with a Subcontract_Number');
      need('Subcontract_Number', 'with a Subcontractor_Code');
      need('Sub_Status', 'with subcontract details');
      if (params.Sub_Status === 'E')
        need('Sub_Change_Order_Number', 'for an executed subcontract change order');
    }
    if (params.CR_Phase_Code) need('CR_Cost_Type', 'with a CR_Phase_Code');
    // A cost line is identified by its phase *(our profile: no line without one)*.
    if (params.CR_Cost_Type || changeRequestLineValues.some((field) => params[field]))
      need('CR_Phase_Code', 'for a cost line');
    return missing;
  },
  execute(request) {
    const { params, store, settings } = request;
    const checks = new Checks();
    const Job_Number = params.Job_Number ?? '';
    const Customer_Code = params.Customer_Code ?? '';
    const job = store.find('jobs', { Job_Number });
    if (!job) checks.invalid('Job_Number', `Job_Number ${Job_Number} does not exist`);
    if (!store.find('customers', { Customer_Code })) {
      checks.invalid('Customer_Code', `Customer_Code ${Customer_Code} does not exist`);
    } else if (job && job.Customer_Code !== Customer_Code) {
      checks.invalid('Customer_Code', `Customer ${Customer_Code} has no contract on job ${Job_Number}`);
    }
    const key = { Job_Number, Customer_Code, Change_Request_Number: params.Change_Request_Number ?? '' };
    const existing = key.Change_Request_Number ? store.find('changeRequests', key) : undefined;
    const status = params.CR_Status || existing?.CR_Status || '';
    const statusRecord = status ? store.find('changeRequestStatuses', { CR_Status: status }) : undefined;
    if (params.CR_Status && !statusRecord)
      checks.invalid('CR_Status', `CR_Status ${params.CR_Status} is not a change request status`);
    if (params.Approved_Date && statusRecord && !statusRecord.Action) {
      checks.invalid('Approved_Date', 'Approved_Date is allowed only with an Approved or Executed status');
    }
    const arDates = [settings.arProcessingStart, settings.arProcessingEnd] as const;
    for (const column of ['Origination_Date', 'Approved_Date', 'Sub_Change_Order_Date']) {
      checkDateWithin(checks, column, params[column] ?? '', arDates, 'AR processing dates');
    }
    if (job) checkCostLine(checks, request, job);
    checkUnsupportedSections(checks, params, Job_Number);
    if (checks.errors.length) return { errors: checks.errors };

    const number = key.Change_Request_Number || nextNumber(request, Job_Number);
    const crKey = { ...key, Change_Request_Number: number };
    const header = overlay(
      existing
        ? (({ writeCount: _, ...stored }) => stored)(existing)
        : { ...blankRecord('changeRequests'), ...crKey, Origination_Date: request.today },
      pick(params, changeRequestHeaderFields),
    );
    header.Company_Code = request.companyCode;
    // A change request that is never billed is cost-only: its quotation date follows its origination.
    if (!existing) header.Quotation_Submitted_Date ||= header.Origination_Date;
    const lineAdded = params.CR_Phase_Code
      ? saveLine(request, crKey, job as SimJob, header.Origination_Date)
      : false;
    if (params.Fee_Percent && params.Fee_Amount) {
      // Both sent: the percent wins and the amount is calculated, on the change request's cost *(our profile)*.
      const cost = sum(store.select('changeRequestLines', crKey).map((line) => line.Change_Request_Amount));
      header.Fee_Amount = multiply(multiply(cost, params.Fee_Percent, 4), '0.01', 2);
    }
    store.save('changeRequests', header);
    if (!key.Change_Request_Number) {
      return { information: { code: 'G', desc: number, column: 'Change_Request_Number' } };
    }
    return { stored: existing && !lineAdded ? 'updated' : 'added' };
  },
};

function checkUnsupportedSections(checks: Checks, params: Params, job: string): void {
  if (params.Markup_Percent && params.Markup_Amount) {
    checks.invalid('Markup_Amount', 'Markup_Percent and Markup_Amount are mutually exclusive');
  }
  if (markupFields.some((field) => params[field])) {
    checks.invalid(
      'Markup_Cost_Type',
      `The contract of job ${job} has no markup: markups cannot be created here`,
    );
  }
  if (pricingAddonFields.some((field) => params[field])) {
    checks.invalid('Pricing_Addon_Code', `The contract of job ${job} allows no pricing add-on`);
  }
  for (const column of ['CR_Billing_Group_Code', 'CR_Billing_Item_Code']) {
    if (params[column]) {
      checks.invalid(
        column,
        `${column} ${params[column]} is not on the contract of job ${job} (no schedule of values)`,
      );
    }
  }
  if (params.Default_Billing_Total === 'Y') {
    checks.invalid(
      'Default_Billing_Total',
      'Default_Billing_Total needs a cost-reimbursable change request whose status has action type 4',
    );
  }
}

/** The next free change-request number on a job: one above its highest all-digit number. */
function nextNumber({ store }: ServiceRequest, Job_Number: string): string {
  const taken = new Set(store.select('changeRequests', { Job_Number }).map((cr) => cr.Change_Request_Number));
  let next = 1 + Math.max(0, ...[...taken].filter((n) => /^\d+$/.test(n)).map(Number));
  while (taken.has(String(next))) next++;
  return String(next);
}

function pick(params: Params, fields: readonly string[]): Params {
  return Object.fromEntries(fields.map((field) => [field, params[field] ?? '']));
}
