import { Checks, type FieldRule, overlay } from '../checks.ts';
import { fromHundredths, toHundredths } from '../decimals.ts';
import { fitsPhaseMask } from '../phase-mask.ts';
import { blankRecord, type FieldsOf } from '../records.ts';
import { type PutService, putPrelude } from './service.ts';

export const phaseStatuses = ['A', 'I', 'C'] as const;

const rules: FieldRule[] = [
  { column: 'Job_Number', required: 'always', maxLength: 10 },
  { column: 'Phase_Code', required: 'always', format: 'phaseCode', maxLength: 20 },
  { column: 'Cost_Type', required: 'always', maxLength: 3 },
  { column: 'Description', maxLength: 25 },
  { column: 'Unit_of_Measure', maxLength: 3 },
  { column: 'Original_Est_Quantity', format: 'decimal' },
  { column: 'Original_Est_Hours', format: 'decimal' },
  { column: 'Original_Est_Cost', format: 'decimal' },
  // `J` takes the job's price method.
  { column: 'Price_Method_Code', required: 'new', oneOf: ['J', 'F', 'T', 'C', 'U'] },
  { column: 'Status_Code', oneOf: phaseStatuses },
];

/**
 * Adds a phase × cost type to a job, or updates it. The description belongs to the phase, not to the
 * cost type: sending a different one renames every cost type of the phase.
 */
export const addPhase: PutService = {
  kind: 'put',
  name: 'AddPhase',
  parameters: [
    ...putPrelude,
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
  ],
  execute(params, { store, settings }) {
    const Job_Number = params.Job_Number ?? '';
    const Phase_Code = params.Phase_Code ?? '';
    const existing = store.find('phases', { Job_Number, Phase_Code, Cost_Type: params.Cost_Type ?? '' });
    const checks = new Checks(params).apply(rules, !existing);

    if (settings.phaseMask && checks.value('Phase_Code') && !fitsPhaseMask(Phase_Code, settings.phaseMask)) {
      checks.reject('I', 'Phase_Code', `Phase_Code does not fit the phase mask ${settings.phaseMask}`);
    }
    const job = store.find('jobs', { Job_Number });
    if (Job_Number && !job) checks.reject('I', 'Job_Number', `Job ${Job_Number} does not exist`);
    if (job?.Status_Code === 'C') checks.reject('I', 'Job_Number', `Job ${Job_Number} is complete`);
    const siblings = store.list('phases', { Job_Number, Phase_Code });
    const phaseDescription = siblings[0]?.Description ?? '';
    if (siblings.length === 0 && !params.Description) {
      checks.reject('M', 'Description', 'Description is required for a new phase');
    }
    if (checks.errors.length) return { errors: checks.errors };

    const record = overlay(existing ?? newPhase(phaseDescription), params);
    // The current estimate moves with the original one, keeping the revisions made since.
    const previousOriginal = existing ? toHundredths(existing.Original_Est_Cost) : 0;
    const previousCurrent = existing ? toHundredths(existing.Current_Estimated_Dollars) : 0;
    record.Current_Estimated_Dollars = fromHundredths(
      previousCurrent + toHundredths(record.Original_Est_Cost) - previousOriginal,
    );
    store.save('phases', record);
    if (params.Description && params.Description !== phaseDescription) {
      store.updateWhere('phases', { Job_Number, Phase_Code }, { Description: params.Description });
    }
    return { stored: existing ? 'updated' : 'added' };
  },
};

function newPhase(description: string): FieldsOf<'phases'> {
  return {
    ...blankRecord('phases'),
    Description: description,
    Original_Est_Quantity: '0.00',
    Original_Est_Hours: '0.00',
    Original_Est_Cost: '0.00',
    Current_Estimated_Dollars: '0.00',
    JTD_Actual_Dollars: '0.00',
    Status_Code: 'A',
  };
}
