import { Checks, type ErrorRecord, type Params } from '../checks.ts';
import { code, numeric, putHeader, text } from '../elements.ts';
import { fitsPhaseMask } from '../phase-mask.ts';
import { blankRecord } from '../records.ts';
import { checkCostCenter, checkCostType, checkUnitOfMeasure } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService } from './service.ts';

const estimates = ['Quantity', 'Cost', 'Hours'] as const;

/**
 * AddPhase (spectrum-sdx §13): adds a phase × cost type to an Active or Inactive job, or updates it.
 * - All cost types of a phase share one description: a new cost type of an existing phase keeps the
 *   phase's (a Description sent with it is ignored); an existing combination sent with a different
 *   non-empty Description renames every cost type of the phase.
 * - Description is required for a new phase, Price_Method_Code for a new combination *(our profile:
 *   its Req YES would otherwise rewrite an existing phase's price method on every update)*.
 * - A sent Original_Est_X with a blank Current_Est_X sets the current estimate too; a sent
 *   Current_Est_X sets it, unless the company's "Current Estimate display only?" is on.
 */
export const addPhase: PutService = {
  kind: 'put',
  name: 'AddPhase',
  elements: [
    ...putHeader,
    text('Job_Number', 10, { required: true }),
    text('Phase_Code', 20, { required: true, rules: ['noDashes'] }),
    text('Description', 25),
    text('Cost_Type', 3, { required: true }),
    numeric('Original_Est_Quantity', 11, '-'),
    text('Unit_of_Measure', 3),
    numeric('Original_Est_Cost', 12, '-'),
    numeric('Original_Est_Hours', 10, '-'),
    text('Bid_Item_Number', 10),
    text('Alt_Phase_Code', 20, { rules: ['noDashes'] }),
    text('Work_Comp_Code', 6),
    code('Price_Method_Code', 1, ['F', 'T', 'C', 'U', 'J']),
    text('Phase_Cost_Center', 10),
    numeric('Current_Est_Hours', 10, '-'),
    numeric('Current_Est_Quantity', 11, '-'),
    numeric('Current_Est_Cost', 12, '-'),
    code('Status_Code', 1, ['A', 'I', 'C']),
  ],
  required({ params, store }) {
    const missing: ErrorRecord[] = [];
    const phase = { Job_Number: params.Job_Number ?? '', Phase_Code: params.Phase_Code ?? '' };
    if (!params.Description && !store.find('phases', phase)) {
      missing.push({ code: 'M', column: 'Description', desc: 'Description is required for a new phase' });
    }
    if (!params.Price_Method_Code && !store.find('phases', { ...phase, Cost_Type: params.Cost_Type ?? '' })) {
      missing.push({
        code: 'M',
        column: 'Price_Method_Code',
        desc: 'Price_Method_Code is required for a new phase and cost type',
      });
    }
    return missing;
  },
  formats({ params, store, settings }) {
    const job = store.find('jobs', { Job_Number: params.Job_Number ?? '' });
    const mask = job?.Phase_Display_Code || settings.phaseMask;
    const phaseCode = params.Phase_Code ?? '';
    return mask && phaseCode && !fitsPhaseMask(phaseCode, mask)
      ? [
          {
            code: 'I',
            column: 'Phase_Code',
            desc: `Phase_Code ${phaseCode} does not fit the phase mask ${mask}`,
          },
        ]
      : [];
  },
  execute(request) {
    const { params, store, settings } = request;
    const Job_Number = params.Job_Number ?? '';
    const Phase_Code = params.Phase_Code ?? '';
    const Cost_Type = params.Cost_Type ?? '';
    const checks = new Checks();
    const job = store.find('jobs', { Job_Number });
    if (!job) checks.invalid('Job_Number', `Job_Number ${Job_Number} does not exist`);
    else if (job.Status_Code === 'C')
      checks.invalid('Job_Number', `Job ${Job_Number} is complete: no phase can be added`);
    checkCostType(checks, request, 'Cost_Type', Cost_Type);
    checkUnitOfMeasure(checks, request, 'Unit_of_Measure', params.Unit_of_Measure ?? '');
    checkCostCenter(checks, request, 'Phase_Cost_Center', params.Phase_Cost_Center ?? '');
    if (checks.errors.length) return { errors: checks.errors };

    const existing = store.find('phases', { Job_Number, Phase_Code, Cost_Type });
    const phaseDescription = store.find('phases', { Job_Number, Phase_Code })?.Description;
    const values: Record<string, string> = { ...params, Description: '' };
    if (settings.currentEstimateDisplayOnly) {
      for (const x of estimates) values[`Current_Est_${x}`] = '';
    }
    for (const x of estimates) {
      if (values[`Original_Est_${x}`] && !values[`Current_Est_${x}`]) {
        values[`Current_Est_${x}`] = values[`Original_Est_${x}`] ?? '';
      }
    }
    const record = overlay(existing ?? newPhase(params, phaseDescription), values as Params);
    const renamed = existing && params.Description && params.Description !== existing.Description;
    if (renamed) record.Description = params.Description ?? '';
    store.save('phases', record);
    if (renamed) store.updateWhere('phases', { Job_Number, Phase_Code }, { Description: record.Description });
    return { stored: existing ? 'updated' : 'added' };
  },
};

function newPhase(params: Params, phaseDescription: string | undefined) {
  return {
    ...blankRecord('phases'),
    Job_Number: params.Job_Number ?? '',
    Phase_Code: params.Phase_Code ?? '',
    Cost_Type: params.Cost_Type ?? '',
    Description: phaseDescription ?? params.Description ?? '',
    Status_Code: 'A',
    ...Object.fromEntries(
      [
        'Original_Est_Quantity',
        'Original_Est_Cost',
        'Original_Est_Hours',
        'Current_Est_Hours',
        'Current_Est_Quantity',
        'Current_Est_Cost',
        'JTD_Quantity',
        'JTD_Hours',
        'JTD_Actual_Dollars',
      ].map((field) => [field, '0']),
    ),
  };
}
