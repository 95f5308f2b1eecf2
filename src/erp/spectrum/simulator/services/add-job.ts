import { Checks } from '../checks.ts';
import { code, date, flag, numeric, phone, putHeader, text, udfs } from '../elements.ts';
import { dateOrdinal } from '../formats.ts';
import { isPhaseMask, phaseLength } from '../phase-mask.ts';
import { blankRecord } from '../records.ts';
import { checkCostCenter, checkUnitOfMeasure } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService } from './service.ts';

/**
 * AddJob (spectrum-sdx §12): adds a job; it never changes one (UpdateJob does), so an existing
 * Job_Number is refused *(our profile: `I` "Job_Number already exists")*. A customer sets up the job's
 * AR contract (ARChangeRequest then requires that customer). Every element is stored, Taxable_Flag too
 * although no Get answers it; UDFs are not (the demo Authorization IDs map none).
 */
export const addJob: PutService = {
  kind: 'put',
  name: 'AddJob',
  elements: [
    ...putHeader,
    text('Job_Number', 10, { required: true }),
    text('Job_Description', 25),
    // Numeric 5: a whole number *(our profile: divisions are codes, never negative or fractional)*.
    numeric('Division', 5, '5'),
    text('Address_1', 30),
    text('Address_2', 30),
    text('City', 25),
    text('State', 2),
    text('Zip_Code', 10),
    phone('Phone'),
    phone('Fax_Phone'),
    phone('Job_Site_Phone'),
    text('Superintendent', 15),
    text('Estimator', 15),
    text('Project_Manager', 15),
    text('Customer_Code', 10, { rules: ['key'] }),
    text('Contract_Number', 30),
    text('Job_Type', 10),
    text('Tax_Class_Code', 15),
    flag('Taxable_Flag', { required: true }),
    numeric('Total_Units', 9, '+'),
    text('Unit_of_Measure', 5),
    flag('Certified_Flag'),
    text('Work_Comp_Code', 6),
    numeric('Wage_Rate_Level', 1, '1', { range: [1, 9] }),
    code('Price_Method_Code', 1, ['F', 'T', 'C', 'U'], { required: true }),
    date('Est_Start_Date'),
    date('Est_Complete_Date'),
    date('Start_Date'),
    date('Complete_Date'),
    text('Work_State_Tax_Code', 10),
    text('Work_County_Tax_Code', 10),
    text('Work_Local_Tax_Cod', 10),
    numeric('Original_Contract', 14, '-'),
    text('WO_Site', 10),
    numeric('Latitude', 11, '-3.6'),
    numeric('Longitude', 11, '-3.6'),
    flag('Track_Davis_Bacon'),
    code('Track_Prevailing_Wage', 1, ['Y', 'F', 'N']),
    date('Create_Date'),
    ...udfs(),
    text('Cost_Center', 10),
    text('Master_Job', 10),
    flag('Bill_From_Master'),
    text('Standard_Phase_Category', 10),
    text('Phase_Display_Code', 20),
    numeric('Major_Group_Start', 2, '2'),
    numeric('Major_Group_End', 2, '2'),
    numeric('Minor_Group_Start', 2, '2'),
    numeric('Minor_Group_End', 2, '2'),
    code('Status_Code', 1, ['A', 'I', 'C']),
  ],
  // The page spells the element without its final "e"; UpdateJob spells it in full (additions §6.1).
  aliases: { Work_Local_Tax_Cod: 'Work_Local_Tax_Code' },
  formats({ params }) {
    const mask = params.Phase_Display_Code ?? '';
    return mask && !isPhaseMask(mask)
      ? [
          {
            code: 'I',
            column: 'Phase_Display_Code',
            desc: `Phase_Display_Code ${mask} is not a phase mask (#, A, X and -)`,
          },
        ]
      : [];
  },
  execute(request) {
    const { params, store, settings, today } = request;
    const checks = new Checks();
    if (store.find('jobs', { Job_Number: params.Job_Number ?? '' })) {
      checks.invalid('Job_Number', 'Job_Number already exists');
    }
    const customerCode = params.Customer_Code ?? '';
    if (customerCode && !store.find('customers', { Customer_Code: customerCode })) {
      checks.invalid('Customer_Code', `Customer_Code ${customerCode} does not exist`);
    }
    const master = params.Master_Job ? store.find('jobs', { Job_Number: params.Master_Job }) : undefined;
    const masterMask = master ? master.Phase_Display_Code || settings.phaseMask : '';
    if (params.Master_Job && !master)
      checks.invalid('Master_Job', `Master_Job ${params.Master_Job} does not exist`);
    else if (master?.Status_Code === 'C')
      checks.invalid('Master_Job', `Master_Job ${params.Master_Job} is complete`);
    else if (
      master &&
      params.Phase_Display_Code &&
      phaseLength(params.Phase_Display_Code) !== phaseLength(masterMask)
    ) {
      checks.invalid('Master_Job', 'A sub job must have the same phase length as its master job');
    }
    checkCostCenter(checks, request, 'Cost_Center', params.Cost_Center ?? '');
    checkUnitOfMeasure(checks, request, 'Unit_of_Measure', params.Unit_of_Measure ?? '');
    const taxCodes = ['Work_State_Tax_Code', 'Work_County_Tax_Code', 'Work_Local_Tax_Cod'] as const;
    taxCodes.forEach((column, index) => {
      const value = params[column];
      if (value && taxCodes.slice(0, index).some((earlier) => params[earlier] === value)) {
        checks.invalid(column, `${column}: the work tax codes must all differ`);
      }
    });
    if (params.Track_Davis_Bacon === 'Y' && ['Y', 'F'].includes(params.Track_Prevailing_Wage ?? '')) {
      checks.invalid('Track_Prevailing_Wage', 'A job cannot track both Davis-Bacon and prevailing wage');
    }
    for (const [start, complete] of [
      ['Est_Start_Date', 'Est_Complete_Date'],
      ['Start_Date', 'Complete_Date'],
    ] as const) {
      const from = dateOrdinal(params[start] ?? '');
      const to = dateOrdinal(params[complete] ?? '');
      if (from !== undefined && to !== undefined && to < from) {
        checks.invalid(complete, `${complete} is before ${start}`);
      }
    }
    if (checks.errors.length) return { errors: checks.errors };

    const job = overlay(blankRecord('jobs'), params);
    job.Status_Code ||= 'A';
    job.Create_Date ||= today;
    if (master) {
      // A sub job takes the master's phase setup, and its customer and tax class when blank.
      job.Customer_Code ||= master.Customer_Code;
      job.Tax_Class_Code ||= master.Tax_Class_Code;
      job.Phase_Display_Code ||= masterMask;
      job.Major_Group_Start ||= master.Major_Group_Start;
      job.Major_Group_End ||= master.Major_Group_End;
      job.Minor_Group_Start ||= master.Minor_Group_Start;
      job.Minor_Group_End ||= master.Minor_Group_End;
      // The most recently created sub job sending it controls the master's T&M billing option.
      if (params.Bill_From_Master) {
        store.updateWhere(
          'jobs',
          { Job_Number: master.Job_Number },
          { Bill_From_Master: params.Bill_From_Master },
        );
      }
    } else {
      job.Phase_Display_Code ||= settings.phaseMask;
      job.Major_Group_Start ||= settings.majorGroupStart;
      job.Major_Group_End ||= settings.majorGroupEnd;
      job.Minor_Group_Start ||= settings.minorGroupStart;
      job.Minor_Group_End ||= settings.minorGroupEnd;
    }
    store.save('jobs', job);
    return { stored: 'added' };
  },
};
