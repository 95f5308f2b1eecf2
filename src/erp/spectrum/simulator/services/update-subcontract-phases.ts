import { Checks, type ErrorRecord } from '../checks.ts';
import { flag, numeric, putHeader, text } from '../elements.ts';
import { multiply, numberFormat, numberProblem } from '../formats.ts';
import { blankRecord } from '../records.ts';
import { checkUnitOfMeasure } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService } from './service.ts';
import { findSubcontract, subcontractKey } from './subcontract-key.ts';

const amountFormat = numberFormat('-9.2');

/**
 * UpdateSubcontractPhases (spectrum-sdx §16): adds or updates a subcontract line, keyed by vendor,
 * subcontract, phase, cost type and bid item. Blank Phase_Code / Cost_Type take the subcontract's
 * defaults (else `M`); the phase × cost type must exist on the subcontract's job. A blank bid item,
 * bill description, unit of measure or retention flag takes the phase's value (the bid item even
 * when looking for an existing line, as Spectrum fills missing key parts); the phase has no unit
 * price, and the retention flag defaults to N. Unit_Price × Original_Contract_Quantity, when both
 * are sent, is the amount (rounded to cents).
 */
export const updateSubcontractPhases: PutService = {
  kind: 'put',
  name: 'UpdateSubcontractPhases',
  elements: [
    ...putHeader,
    ...subcontractKey,
    text('Phase_Code', 20, { rules: ['noDashes'] }),
    text('Cost_Type', 3),
    text('Bid_Item_Number', 10),
    text('Bill_Description', 25),
    text('Unit_Of_Measure', 3),
    flag('Retention_Flag'),
    numeric('Unit_Price', 12, '-6.4'),
    numeric('Original_Contract_Quantity', 12, '-8.2'),
    numeric('Original_Contract_Amount', 13, '-9.2'),
  ],
  required({ params, store }) {
    const subcontract = store.find('subcontracts', {
      Vendor_Code: params.Vendor_Code ?? '',
      Subcontract_Number: params.Subcontract_Number ?? '',
    });
    const missing: ErrorRecord[] = [];
    for (const [column, fallback] of [
      ['Phase_Code', subcontract?.Default_Phase_Code],
      ['Cost_Type', subcontract?.Default_Cost_Type],
    ] as const) {
      if (!params[column] && !fallback) {
        missing.push({
          code: 'M',
          column,
          desc: `${column} is required: the subcontract has no default for it`,
        });
      }
    }
    return missing;
  },
  execute(request) {
    const { params, store } = request;
    const checks = new Checks();
    const Vendor_Code = params.Vendor_Code ?? '';
    const Subcontract_Number = params.Subcontract_Number ?? '';
    const subcontract = findSubcontract(checks, store, Vendor_Code, Subcontract_Number);
    if (!subcontract) return { errors: checks.errors };
    const Phase_Code = params.Phase_Code || subcontract.Default_Phase_Code;
    const Cost_Type = params.Cost_Type || subcontract.Default_Cost_Type;
    const Job_Number = subcontract.Job_Number;
    const phase = store.find('phases', { Job_Number, Phase_Code, Cost_Type });
    if (!phase) {
      if (!store.find('phases', { Job_Number, Phase_Code })) {
        checks.invalid('Phase_Code', `Phase_Code ${Phase_Code} is not a phase of job ${Job_Number}`);
      } else {
        checks.invalid(
          'Cost_Type',
          `Cost_Type ${Cost_Type} is not on phase ${Phase_Code} of job ${Job_Number}`,
        );
      }
    }
    checkUnitOfMeasure(checks, request, 'Unit_Of_Measure', params.Unit_Of_Measure ?? '');
    const values: Record<string, string> = { ...params };
    if (params.Unit_Price && params.Original_Contract_Quantity) {
      const amount = multiply(params.Unit_Price, params.Original_Contract_Quantity, 2);
      if (numberProblem(amount, 13, amountFormat)) {
        checks.invalid(
          'Original_Contract_Amount',
          `Unit_Price × Original_Contract_Quantity = ${amount} does not fit -9.2`,
        );
      }
      values.Original_Contract_Amount = amount;
    }
    if (checks.errors.length || !phase) return { errors: checks.errors };

    const key = {
      Vendor_Code,
      Subcontract_Number,
      Phase_Code,
      Cost_Type,
      Bid_Item_Number: params.Bid_Item_Number || phase.Bid_Item_Number,
    };
    const existing = store.find('subcontractPhases', key);
    const base = existing
      ? (({ writeCount: _, ...stored }) => stored)(existing)
      : {
          ...blankRecord('subcontractPhases'),
          ...key,
          Bill_Description: phase.Description,
          Unit_Of_Measure: phase.Unit_of_Measure,
          Retention_Flag: 'N',
        };
    store.save('subcontractPhases', { ...overlay(base, values), ...key });
    return { stored: existing ? 'updated' : 'added' };
  },
};
