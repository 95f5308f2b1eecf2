import { jobFilters, jobHeadFields, jobSortBy, selectJobs } from './job-filters.ts';
import { type GetService, returnFields } from './service.ts';

/** GetJobMain (spectrum-sdx §7): a job's main properties, with its customer's name; Field_1–5 are blank. */
export const getJobMain: GetService = {
  kind: 'get',
  name: 'GetJobMain',
  elements: [...jobFilters, jobSortBy],
  returnFields: returnFields([
    ...jobHeadFields,
    ['Phone', 14],
    ['Fax_Phone', 14],
    ['Job_Site_Phone', 14],
    ['Customer_Code', 10],
    ['Customer_Name', 30],
    ['Original_Contract', 14, 'numeric'],
    ['Contract_Number', 30],
    ['Owner_Name', 50],
    ['WO_Site', 10],
    ['Comment', 250],
    ['Price_Method_Code', 1],
    ['Total_Units', 9, 'numeric'],
    ['Unit_of_Measure', 5],
    ['Status_Code', 1],
    ['Latitude', 11],
    ['Longitude', 11],
    ['Legal_Desc', 350],
    ['Cost_Center', 10],
    ['Field_1', 30],
    ['Field_2', 30],
    ['Field_3', 30],
    ['Field_4', 30],
    ['Field_5', 30],
  ]),
  execute(request) {
    const selected = selectJobs(request, this.returnFields);
    if ('error' in selected) return selected;
    const names = new Map<string, string>();
    const customerName = (code: string): string => {
      if (!code) return '';
      let name = names.get(code);
      if (name === undefined) {
        name = request.store.find('customers', { Customer_Code: code })?.Name ?? '';
        names.set(code, name);
      }
      return name;
    };
    return {
      rows: selected.jobs.map((job) => ({ ...job, Customer_Name: customerName(job.Customer_Code ?? '') })),
    };
  },
};
