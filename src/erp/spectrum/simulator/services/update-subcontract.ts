import { Checks, type ErrorRecord } from '../checks.ts';
import { code, date, flag, numeric, putHeader, text } from '../elements.ts';
import { blankRecord } from '../records.ts';
import { checkCostCenter, checkCostType, checkDateWithin, checkGlAccount } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService } from './service.ts';
import { subcontractKey } from './subcontract-key.ts';

/** Term overrides and the flag that lets them be stored (assumption 6). */
const overrides = [
  ['Pay_Override', ['Pay_Terms', 'Pay_Days']],
  ['Disc_Override', ['Disc_Terms', 'Disc_Days', 'Disc_Perc']],
] as const;

/**
 * UpdateSubcontract (spectrum-sdx §15): adds a subcontract or updates the one with that vendor and
 * number, only the elements sent. A new one needs Job_Number and a direct job-cost GL_Account, starts
 * Active, issued today, payment 1, unit-priced when its job is (price method U); its job never
 * changes. Term overrides are stored only while their override flag is Y.
 */
export const updateSubcontract: PutService = {
  kind: 'put',
  name: 'UpdateSubcontract',
  elements: [
    ...putHeader,
    ...subcontractKey,
    text('Job_Number', 10),
    text('Default_Phase_Code', 20, { rules: ['noDashes'] }),
    text('Default_Cost_Type', 3),
    code('Status_Code', 1, ['A', 'I', 'C']),
    text('Contract_Type', 15),
    code('Insurance_Cert_Flag', 1, ['Y', 'N', 'A']),
    date('Sent_Date'),
    date('Date_Issued'),
    text('Contact_Person', 20),
    flag('Unit_Price_Flag'),
    text('Comment', 120),
    text('Routing_Code1', 10),
    // Positive only, although the page prints its format as -10.2.
    numeric('Routing_Limit', 13, '10.2'),
    text('Routing_Code2', 10),
    numeric('GL_Account', 12, '12'),
    numeric('Retention_Percent', 5, '2.1'),
    numeric('Next_Payment_Number', 5, '5'),
    flag('Pay_Override'),
    code('Pay_Terms', 1, ['A', 'B']),
    numeric('Pay_Days', 3, '3'),
    flag('Disc_Override'),
    code('Disc_Terms', 1, ['A', 'B']),
    numeric('Disc_Days', 3, '3'),
    numeric('Disc_Perc', 6, '+'),
    flag('Pay_When_Paid'),
    numeric('Cost_Center_Override', 10, '10'),
  ],
  required({ params, store }) {
    const key = {
      Vendor_Code: params.Vendor_Code ?? '',
      Subcontract_Number: params.Subcontract_Number ?? '',
    };
    if (store.find('subcontracts', key)) return [];
    const missing: ErrorRecord[] = [];
    for (const column of ['Job_Number', 'GL_Account']) {
      if (!params[column])
        missing.push({ code: 'M', column, desc: `${column} is required for a new subcontract` });
    }
    return missing;
  },
  execute(request) {
    const { params, store, settings, today } = request;
    const checks = new Checks();
    const Vendor_Code = params.Vendor_Code ?? '';
    const vendor = store.find('vendors', { Vendor_Code });
    if (!vendor) checks.invalid('Vendor_Code', `Vendor_Code ${Vendor_Code} does not exist`);
    const existing = store.find('subcontracts', {
      Vendor_Code,
      Subcontract_Number: params.Subcontract_Number ?? '',
    });
    const jobNumber = existing?.Job_Number ?? params.Job_Number ?? '';
    const job = store.find('jobs', { Job_Number: jobNumber });
    if (existing && params.Job_Number && params.Job_Number !== existing.Job_Number) {
      checks.invalid(
        'Job_Number',
        `Job_Number cannot change: the subcontract is on job ${existing.Job_Number}`,
      );
    } else if (!existing && !job) {
      checks.invalid('Job_Number', `Job_Number ${jobNumber} does not exist`);
    }
    checkGlAccount(checks, request, 'GL_Account', params.GL_Account ?? '', 'direct');
    const defaultPhase = params.Default_Phase_Code ?? '';
    const defaultCostType = params.Default_Cost_Type ?? '';
    if (
      defaultPhase &&
      job &&
      !store.find('phases', { Job_Number: job.Job_Number, Phase_Code: defaultPhase })
    ) {
      checks.invalid(
        'Default_Phase_Code',
        `Default_Phase_Code ${defaultPhase} is not a phase of job ${job.Job_Number}`,
      );
    }
    checkCostType(checks, request, 'Default_Cost_Type', defaultCostType);
    checkDateWithin(
      checks,
      'Date_Issued',
      params.Date_Issued ?? '',
      [settings.fiscalCalendarStart, settings.fiscalCalendarEnd],
      'fiscal calendar',
    );
    // Cost-center data only while the company's cost-center status is Yes (not Pending) here.
    checkCostCenter(checks, request, 'Cost_Center_Override', params.Cost_Center_Override ?? '', ['Y']);

    const base = existing
      ? (({ writeCount: _, ...stored }) => stored)(existing)
      : {
          ...blankRecord('subcontracts'),
          Status_Code: 'A',
          Date_Issued: today,
          Unit_Price_Flag: job?.Price_Method_Code === 'U' ? 'Y' : 'N',
          Insurance_Cert_Flag: vendor?.Insurance_Cert_Flag ?? '',
          Next_Payment_Number: '1',
          Pay_Override: 'N',
          Disc_Override: 'N',
          Pay_When_Paid: 'N',
        };
    const subcontract = overlay(base, params);
    for (const [flagName, terms] of overrides) {
      if (subcontract[flagName] === 'Y') continue;
      for (const term of terms) subcontract[term] = base[term];
    }
    if (subcontract.Pay_When_Paid === 'Y' && subcontract.Pay_Override !== 'Y') {
      checks.invalid('Pay_When_Paid', 'Pay_When_Paid Y requires Pay_Override Y');
    }
    if (checks.errors.length) return { errors: checks.errors };
    store.save('subcontracts', subcontract);
    return { stored: existing ? 'updated' : 'added' };
  },
};
