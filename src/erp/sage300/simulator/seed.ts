import { fieldCodes } from './format.ts';
import type { Sage300Store } from './store.ts';
import type { Row, TableName } from './tables.ts';

export const companyName = 'Demo Builders (Sage)';

/**
 * Seeds a fresh company in one transaction under one stamp. `empty`: the format table and the
 * standard lists; `demo` adds jobs with cost codes, estimates and costs, and vendors. JTD_Cost is the
 * sum of the seeded transactions on each category.
 */
export function seedCompany(store: Sage300Store, seed: 'demo' | 'empty'): void {
  store.transaction(() => {
    const stamp = store.nextStamp();
    const insert = (table: TableName, rows: readonly Row[]) => {
      for (const row of rows) store.insert(table, row, stamp);
    };
    store.setMeta('company', companyName);
    store.setMeta('rejects', '0');
    insert('TS_CTL_RECORD_3', formatRows);
    insert(
      'JCM_MASTER__STANDARD_CATEGORY',
      standardCategories.map(([Category, Description, Cost_Type]) => ({ Category, Description, Cost_Type })),
    );
    insert(
      'JCM_MASTER__STANDARD_COST_CODE',
      standardCostCodes.map(([Cost_Code, Description]) => ({
        Cost_Code,
        Description,
        Group_Cost_Code: Cost_Code.endsWith('-000') ? 'Y' : 'N',
      })),
    );
    if (seed === 'empty') return;
    insert('JCM_MASTER__JOB', demoJobs);
    insert('APM_MASTER__VENDOR', demoVendors);
    const describe = new Map(standardCostCodes);
    const categoryNames = new Map(standardCategories.map(([code, description]) => [code, description]));
    for (const [Job, Cost_Code, Category, Original_Estimate] of demoEstimates) {
      if (!store.find('JCM_MASTER__COST_CODE', { Job, Extra: '', Cost_Code })) {
        insert('JCM_MASTER__COST_CODE', [
          { Job, Extra: '', Cost_Code, Description: describe.get(Cost_Code) ?? '' },
        ]);
      }
      const Description = categoryNames.get(Category) ?? '';
      const estimate = { Original_Estimate, Approved_Estimate_Changes: 0, Total_Estimate: Original_Estimate };
      insert('JCM_MASTER__CATEGORY', [{ Job, Extra: '', Cost_Code, Category, Description, ...estimate }]);
    }
    demoTransactions.forEach(([Job, Cost_Code, Category, Amount, Accounting_Date], index) => {
      const transaction = { Job, Extra: '', Cost_Code, Category, Amount, Accounting_Date };
      insert('JCT_CURRENT__TRANSACTION', [
        { Transaction_ID: index + 1, Transaction_Type: 'Cost', ...transaction },
      ]);
      const category = store.find('JCM_MASTER__CATEGORY', transaction);
      const JTD_Cost = Math.round((Number(category?.JTD_Cost ?? 0) + Amount) * 100) / 100;
      store.setWhere('JCM_MASTER__CATEGORY', { JTD_Cost }, { Job, Extra: '', Cost_Code, Category });
    });
  });
}

const section = (
  FLDCODE: number,
  Section: number,
  CSLEN: number,
  CNDESC: string,
  CNPUNCT: string,
  CNTCAP: string,
) => ({
  FLDCODE,
  Section,
  CSLEN,
  CNDESC,
  CNPUNCT,
  CNTCAP,
});

/** Job mask `##-####`, cost code mask `##-###`, commitment ids of 12 in capitals, vendors in capitals. */
const formatRows: Row[] = [
  section(fieldCodes.vendor, 1, 10, 'Vendor', '', 'Y'),
  section(fieldCodes.job, 1, 2, 'Year', '-', 'N'),
  section(fieldCodes.job, 2, 4, 'Job number', '', 'N'),
  section(fieldCodes.costCode, 1, 2, 'Division', '-', 'N'),
  section(fieldCodes.costCode, 2, 3, 'Item', '', 'N'),
  section(fieldCodes.commitment, 1, 12, 'Commitment', '', 'Y'),
];

export const standardCategories: readonly (readonly [string, string, string])[] = [
  ['L', 'Labor', 'Labor'],
  ['M', 'Material', 'Material'],
  ['S', 'Subcontract', 'Subcontract'],
  ['E', 'Equipment', 'Equipment'],
  ['O', 'Other', 'Other'],
];

/** CSI-style; the `-000` codes are the divisions' summary codes. */
export const standardCostCodes: readonly (readonly [string, string])[] = [
  ['01-000', 'General Requirements'],
  ['01-100', 'Project Supervision'],
  ['01-200', 'Temporary Facilities'],
  ['01-500', 'Final Cleanup'],
  ['02-000', 'Site Work'],
  ['02-200', 'Earthwork'],
  ['02-500', 'Paving'],
  ['03-000', 'Concrete'],
  ['03-100', 'Concrete Formwork'],
  ['03-200', 'Reinforcing Steel'],
  ['03-300', 'Cast-in-Place Concrete'],
  ['04-200', 'Unit Masonry'],
  ['05-100', 'Structural Steel'],
  ['06-100', 'Rough Carpentry'],
  ['06-200', 'Finish Carpentry'],
  ['07-200', 'Insulation'],
  ['07-500', 'Roofing'],
  ['08-100', 'Doors and Frames'],
  ['08-500', 'Windows'],
  ['09-000', 'Finishes'],
  ['09-250', 'Gypsum Drywall'],
  ['09-900', 'Painting'],
  ['10-100', 'Specialties'],
  ['15-400', 'Plumbing'],
  ['15-500', 'HVAC'],
  ['16-000', 'Electrical'],
  ['16-100', 'Electrical Rough-in'],
  ['16-500', 'Lighting'],
];

const demoJobs: Row[] = [
  {
    Job: '23-0950',
    Description: 'Old Depot',
    Address_1: '12 Rail Yard Rd',
    City: 'Sacramento',
    State: 'CA',
    ZIP_Code: '95811',
    Customer: 'CITY',
    Status: 'Closed',
  },
  {
    Job: '24-1001',
    Description: 'Riverside Clinic',
    Address_1: '2500 River Plaza Dr',
    City: 'Sacramento',
    State: 'CA',
    ZIP_Code: '95833',
    Customer: 'RIVHEALTH',
    Status: 'In progress',
  },
  {
    Job: '24-1002',
    Description: 'Harbor Point Offices',
    Address_1: '400 Harbor Blvd',
    City: 'West Sacramento',
    State: 'CA',
    ZIP_Code: '95691',
    Customer: 'HARBORPT',
    Status: 'In progress',
  },
];

const demoVendors: Row[] = [
  {
    Vendor: 'ACME',
    Name: 'Acme Concrete',
    Address_1: '1 Quarry Way',
    City: 'Rancho Cordova',
    State: 'CA',
    ZIP_Code: '95670',
    Email: 'ap@acme-concrete.example',
    Status: 'Active',
  },
  {
    Vendor: 'SUMMIT',
    Name: 'Summit Drywall',
    Address_1: '88 Summit Ave',
    City: 'Roseville',
    State: 'CA',
    ZIP_Code: '95661',
    Email: 'office@summit-drywall.example',
    Status: 'Active',
  },
  {
    Vendor: 'BOLT',
    Name: 'Bolt Electric',
    Address_1: '5 Volt St',
    City: 'Elk Grove',
    State: 'CA',
    ZIP_Code: '95624',
    Email: 'billing@bolt-electric.example',
    Status: 'Active',
  },
];

/** Job, cost code, category, original estimate. */
const demoEstimates: readonly (readonly [string, string, string, number])[] = [
  ['24-1001', '01-100', 'L', 48_000],
  ['24-1001', '03-300', 'M', 62_500],
  ['24-1001', '03-300', 'S', 185_000],
  ['24-1001', '09-250', 'S', 96_000],
  ['24-1001', '16-100', 'S', 120_000],
  ['24-1002', '01-100', 'L', 36_000],
  ['24-1002', '02-200', 'E', 28_500],
  ['24-1002', '03-300', 'S', 240_000],
  ['24-1002', '09-250', 'M', 18_750.5],
  ['23-0950', '06-100', 'L', 12_000],
];

/** Job, cost code, category, amount, accounting date. */
const demoTransactions: readonly (readonly [string, string, string, number, string])[] = [
  ['24-1001', '01-100', 'L', 6_240, '10/31/2026'],
  ['24-1001', '03-300', 'M', 14_820.35, '10/31/2026'],
  ['24-1001', '03-300', 'S', 46_250, '11/15/2026'],
  ['24-1002', '01-100', 'L', 4_100, '11/15/2026'],
  ['24-1002', '02-200', 'E', 9_875.4, '11/20/2026'],
  ['23-0950', '06-100', 'L', 11_640, '03/31/2025'],
];
