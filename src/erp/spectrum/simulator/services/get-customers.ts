import { code, getHeader } from '../elements.ts';
import { type GetService, noRecordsFound, returnFields } from './service.ts';

const statuses: Record<string, readonly string[] | undefined> = {
  '': ['Active'],
  I: ['Active', 'Inactive'],
  ALL: undefined,
};

/**
 * GetCustomers (spectrum-sdx §11): pStatus blank = Active, `I` = Active and Inactive, `ALL` = every
 * customer. Taxable_Flag and Status are words. The page omits the Error_* fields; every Get has them.
 */
export const getCustomers: GetService = {
  kind: 'get',
  name: 'GetCustomers',
  elements: [...getHeader, code('pStatus', 3, ['I', 'ALL'])],
  returnFields: returnFields([
    ['Company_Code', 3],
    ['Customer_Code', 10],
    ['Name', 30],
    ['Address_1', 30],
    ['Address_2', 30],
    ['City', 25],
    ['State', 2],
    ['Zip_Code', 10],
    ['First_Name', 20],
    ['Last_Name', 30],
    ['Phone_Number', 14],
    ['Email1', 80],
    ['Price_Level_Material', 1],
    ['Taxable_Flag', 11],
    ['Status', 8],
  ]),
  execute({ params, store }) {
    const status = statuses[params.pStatus ?? ''];
    const rows = store.select('customers', status ? { Status: status } : {});
    return rows.length ? { rows } : { error: noRecordsFound };
  },
};
