import type { Checks, Params } from '../checks.ts';
import type { FieldsOf, SimChangeRequestLine, SimJob } from '../records.ts';
import { blankRecord, changeRequestLineValues, changeRequestSubcontractFields } from '../records.ts';
import { overlay } from './overlay.ts';
import type { ServiceRequest } from './service.ts';
import { findSubcontract } from './subcontract-key.ts';

/**
 * The cost tab of an ARChangeRequest (spectrum-sdx §17, assumptions 9, 13–17): a line is identified by
 * phase, cost type, subcontractor, subcontract and sub billing group/item; the subcontract section
 * makes it a subcontract change order.
 */

type Line = FieldsOf<'changeRequestLines'>;

export function hasSubcontract(params: Params): boolean {
  return Boolean(params.Subcontractor_Code || params.Subcontract_Number);
}

/** The phase × cost type (existing, not Complete) and the subcontract the record's cost line names. */
export function checkCostLine(checks: Checks, { params, store }: ServiceRequest, job: SimJob): void {
  const phaseCode = params.CR_Phase_Code ?? '';
  const costType = params.CR_Cost_Type ?? '';
  if (phaseCode && costType) {
    const phase = store.find('phases', {
      Job_Number: job.Job_Number,
      Phase_Code: phaseCode,
      Cost_Type: costType,
    });
    if (!phase) {
      if (!store.find('phases', { Job_Number: job.Job_Number, Phase_Code: phaseCode })) {
        checks.invalid('CR_Phase_Code', `CR_Phase_Code ${phaseCode} is not a phase of job ${job.Job_Number}`);
      } else {
        checks.invalid(
          'CR_Cost_Type',
          `CR_Cost_Type ${costType} is not on phase ${phaseCode} of job ${job.Job_Number}`,
        );
      }
    } else if (phase.Status_Code === 'C') {
      checks.invalid('CR_Phase_Code', `Phase ${phaseCode} ${costType} of job ${job.Job_Number} is complete`);
    }
  }
  if (!hasSubcontract(params)) return;
  const Vendor_Code = params.Subcontractor_Code ?? '';
  const Subcontract_Number = params.Subcontract_Number ?? '';
  const subcontract = findSubcontract(checks, store, Vendor_Code, Subcontract_Number);
  if (!subcontract) return;
  if (subcontract.Job_Number !== job.Job_Number) {
    checks.invalid(
      'Subcontract_Number',
      `Subcontract ${Subcontract_Number} is on job ${subcontract.Job_Number}`,
    );
    return;
  }
  const bidItem = subcontractBidItem(params, job);
  if (
    bidItem &&
    !store.find('subcontractPhases', {
      Vendor_Code,
      Subcontract_Number,
      Phase_Code: phaseCode,
      Cost_Type: costType,
      Bid_Item_Number: bidItem,
    })
  ) {
    checks.invalid(
      'Sub_Bid_Item_Code',
      `Billing item ${bidItem} is not on subcontract ${Subcontract_Number} for phase ${phaseCode} ${costType}`,
    );
  }
  if (params.Sub_Signed_Date && params.Sub_Status !== 'E') {
    checks.invalid('Sub_Signed_Date', 'Sub_Signed_Date is allowed only when Sub_Status is E (executed)');
  }
}

/** Unit-price jobs write the billing item as group + item; other jobs the item alone (group ignored). */
function subcontractBidItem(params: Params, job: SimJob): string {
  const item = params.Sub_Bid_Item_Code ?? '';
  return job.Price_Method_Code === 'U' ? (params.Sub_Bid_Group_Item_Code ?? '') + item : item;
}

/** Writes the record's cost line; answers whether it was added. */
export function saveLine(
  { params, store, companyCode }: ServiceRequest,
  key: Pick<Line, 'Job_Number' | 'Customer_Code' | 'Change_Request_Number'>,
  job: SimJob,
  originationDate: string,
): boolean {
  const withSubcontract = hasSubcontract(params);
  const identity = {
    CR_Phase_Code: params.CR_Phase_Code ?? '',
    CR_Cost_Type: params.CR_Cost_Type ?? '',
    Subcontractor_Code: withSubcontract ? (params.Subcontractor_Code ?? '') : '',
    Subcontract_Number: withSubcontract ? (params.Subcontract_Number ?? '') : '',
    Sub_Bid_Group_Item_Code:
      withSubcontract && job.Price_Method_Code === 'U' ? (params.Sub_Bid_Group_Item_Code ?? '') : '',
    Sub_Bid_Item_Code: withSubcontract ? (params.Sub_Bid_Item_Code ?? '') : '',
  };
  const lines = store.select('changeRequestLines', key);
  const matches = (line: SimChangeRequestLine) =>
    (Object.keys(identity) as (keyof typeof identity)[]).every((field) => line[field] === identity[field]);
  const existing = lines.find(matches);
  const values: Record<string, string> = { ...pick(params, changeRequestLineValues) };
  if (withSubcontract) Object.assign(values, pick(params, changeRequestSubcontractFields), identity);
  const base = existing
    ? (({ writeCount: _, ...stored }) => stored)(existing)
    : {
        ...blankRecord('changeRequestLines'),
        ...key,
        ...identity,
        Line_Number: String(1 + Math.max(0, ...lines.map((line) => Number(line.Line_Number)))),
      };
  const line = { ...overlay(base, values), Company_Code: companyCode };
  if (!existing && withSubcontract) {
    line.Sub_Change_Order_Date ||= originationDate;
    // The sub change order amount defaults to the line's cost *(our profile for "from the subcontract")*.
    line.Sub_Amount ||= line.Change_Request_Amount;
  }
  store.save('changeRequestLines', line);
  return !existing;
}

function pick(params: Params, fields: readonly string[]): Params {
  return Object.fromEntries(fields.map((field) => [field, params[field] ?? '']));
}
