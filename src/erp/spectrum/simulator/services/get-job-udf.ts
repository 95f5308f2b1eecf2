import { jobFilters, jobRows } from './job-filters.ts';
import { type GetService, returnFields } from './service.ts';

/**
 * GetJobUDF (additions §3): no pSort_By, rows by job number. UDFs answer only when mapped on the
 * Authorization ID; the demo IDs map none, so every UDF is blank (and AddJob never stores one).
 */
export const getJobUdf: GetService = {
  kind: 'get',
  name: 'GetJobUDF',
  elements: jobFilters,
  returnFields: returnFields([
    ['Company_Code', 3],
    ['Job_Number', 10],
    ...Array.from({ length: 20 }, (_, i) => [`UDF${i + 1}`, 20] as const),
  ]),
  execute(request) {
    return jobRows(request, this.returnFields);
  },
};
