import { jobFilters, jobRows, jobSortBy } from './job-filters.ts';
import { type GetService, returnFields } from './service.ts';

/** GetJobDates (additions §2): a job's dates `MM/DD/CCYY`; Field_1–5 are blank. */
export const getJobDates: GetService = {
  kind: 'get',
  name: 'GetJobDates',
  elements: [...jobFilters, jobSortBy],
  returnFields: returnFields([
    ['Company_Code', 3],
    ['Job_Number', 10],
    ['Job_Description', 25],
    ['Est_Start_Date', 10],
    ['Est_Complete_Date', 10],
    ['Projected_Complete_Date', 10],
    ['Create_Date', 10],
    ['Start_Date', 10],
    ['Complete_Date', 10],
    ['Field_1', 10],
    ['Field_2', 10],
    ['Field_3', 10],
    ['Field_4', 10],
    ['Field_5', 10],
  ]),
  execute(request) {
    return jobRows(request, this.returnFields);
  },
};
