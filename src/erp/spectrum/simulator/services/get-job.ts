import { jobFilters, jobHeadFields, jobRows, jobSortBy } from './job-filters.ts';
import { type GetService, returnFields } from './service.ts';

/** GetJob (spectrum-sdx §6): one row per job. Contract_Number is answered in 15 characters of its 30. */
export const getJob: GetService = {
  kind: 'get',
  name: 'GetJob',
  elements: [...jobFilters, jobSortBy],
  returnFields: returnFields([
    ...jobHeadFields,
    ['Project_Manager', 15],
    ['Superintendent', 15],
    ['Estimator', 15],
    ['Certified_Flag', 1],
    ['Customer_Code', 10],
    ['Status_Code', 1],
    ['Work_State_Tax_Code', 10],
    ['Contract_Number', 15],
    ['Cost_Center', 10],
  ]),
  execute(request) {
    return jobRows(request, this.returnFields);
  },
};
