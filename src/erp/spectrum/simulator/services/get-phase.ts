import { code, getHeader, text } from '../elements.ts';
import type { SimPhase } from '../records.ts';
import { superSelect } from '../super-select.ts';
import { compareText } from './job-filters.ts';
import { type GetService, noRecordsFound, returnFields } from './service.ts';

/**
 * GetPhase (spectrum-sdx §8): one row per job × phase × cost type. A blank pJob_Number reads every job
 * *(our profile)*; pSort_By blank sorts by job, phase, cost type and `C` by cost type, job, phase.
 * GetPhase has no original estimate: Estimated_* and Current_Estimated_Dollars are the current one.
 * A phase without a projection projects its current estimate, and one without a cost center has its
 * job's *(our profile)*.
 */
export const getPhase: GetService = {
  kind: 'get',
  name: 'GetPhase',
  elements: [
    ...getHeader,
    text('pCost_Type', 3, { superSelect: true }),
    text('pJob_Number', 10, { superSelect: true }),
    code('pStatus_Code', 1, ['A', 'I', 'C']),
    text('pCost_Center', 10),
    code('pSort_By', 1, ['C']),
  ],
  returnFields: returnFields([
    ['Company_Code', 3],
    ['Job_Number', 10],
    ['Phase_Code', 20],
    ['Cost_Type', 3],
    ['Description', 25],
    ['Status_Code', 1],
    ['Unit_of_Measure', 3],
    ['JTD_Quantity', 11, 'numeric'],
    ['JTD_Hours', 10, 'numeric'],
    ['JTD_Actual_Dollars', 12, 'numeric'],
    ['Projected_Quantity', 11, 'numeric'],
    ['Projected_Hours', 10, 'numeric'],
    ['Projected_Dollars', 12, 'numeric'],
    ['Estimated_Quantity', 11, 'numeric'],
    ['Estimated_Hours', 10, 'numeric'],
    ['Current_Estimated_Dollars', 12, 'numeric'],
    ['Cost_Center', 10],
  ]),
  execute({ params, store }) {
    const where: Partial<Record<keyof SimPhase, string | readonly string[]>> = {
      Status_Code: params.pStatus_Code ? [params.pStatus_Code] : ['A', 'I'],
    };
    const tests: ((phase: SimPhase) => boolean)[] = [];
    for (const [parameter, field] of [
      ['pJob_Number', 'Job_Number'],
      ['pCost_Type', 'Cost_Type'],
    ] as const) {
      const filter = superSelect(params[parameter] ?? '');
      if (filter?.exact) where[field] = filter.exact;
      else if (filter) tests.push((phase) => filter.matches(phase[field]));
    }
    const jobCostCenters = new Map<string, string>();
    const costCenterOf = (phase: SimPhase): string => {
      if (phase.Phase_Cost_Center) return phase.Phase_Cost_Center;
      let costCenter = jobCostCenters.get(phase.Job_Number);
      if (costCenter === undefined) {
        costCenter = store.find('jobs', { Job_Number: phase.Job_Number })?.Cost_Center ?? '';
        jobCostCenters.set(phase.Job_Number, costCenter);
      }
      return costCenter;
    };
    if (params.pCost_Center) tests.push((phase) => costCenterOf(phase) === params.pCost_Center);

    let phases = store.select('phases', where).filter((phase) => tests.every((test) => test(phase)));
    if (params.pSort_By === 'C') phases = phases.toSorted((a, b) => compareText(a.Cost_Type, b.Cost_Type));
    if (phases.length === 0) return { error: noRecordsFound };
    const figure = (value: string) => value || '0';
    return {
      rows: phases.map((phase) => ({
        ...phase,
        JTD_Quantity: figure(phase.JTD_Quantity),
        JTD_Hours: figure(phase.JTD_Hours),
        JTD_Actual_Dollars: figure(phase.JTD_Actual_Dollars),
        Projected_Quantity: figure(phase.Projected_Quantity || phase.Current_Est_Quantity),
        Projected_Hours: figure(phase.Projected_Hours || phase.Current_Est_Hours),
        Projected_Dollars: figure(phase.Projected_Dollars || phase.Current_Est_Cost),
        Estimated_Quantity: figure(phase.Current_Est_Quantity),
        Estimated_Hours: figure(phase.Current_Est_Hours),
        Current_Estimated_Dollars: figure(phase.Current_Est_Cost),
        Cost_Center: costCenterOf(phase),
      })),
    };
  },
};
