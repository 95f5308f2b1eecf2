import { blankRecord, type FieldsOf } from './records.ts';
import type { SpectrumStore } from './store.ts';

/**
 * The `demo` company (ERP.md §5): company `001`, authorization `DEMO`, phase mask `##-###`, a standard
 * job holding the company's cost codes, a job template, a few jobs under way and some vendors.
 * Seeding inserts only what is missing, so re-seeding a data file never duplicates or overwrites.
 */

export const demoSettings = { companyCode: '001', authorizationId: 'DEMO', phaseMask: '##-###' } as const;

/** Labor, material, subcontract, equipment, other. */
type CostType = 'L' | 'M' | 'S' | 'E' | 'O';

/** The company's standard cost codes (CSI-style divisions), each with the cost types it is used with. */
const standardPhases: readonly [code: string, description: string, costTypes: string][] = [
  ['01100', 'General Conditions', 'LMO'],
  ['01200', 'Project Supervision', 'LO'],
  ['01300', 'Temporary Facilities', 'MEO'],
  ['01400', 'Quality Control', 'LS'],
  ['01500', 'Temporary Utilities', 'MS'],
  ['01700', 'Final Cleaning', 'LS'],
  ['02100', 'Site Preparation', 'LES'],
  ['02200', 'Earthwork', 'LES'],
  ['02500', 'Paving and Surfacing', 'MS'],
  ['02900', 'Landscaping', 'MS'],
  ['03100', 'Concrete Forming', 'LM'],
  ['03200', 'Reinforcing Steel', 'MS'],
  ['03300', 'Cast-in-Place Concrete', 'LMSE'],
  ['04200', 'Unit Masonry', 'LMS'],
  ['05100', 'Structural Steel', 'MSE'],
  ['05500', 'Metal Fabrications', 'MS'],
  ['06100', 'Rough Carpentry', 'LM'],
  ['06200', 'Finish Carpentry', 'LM'],
  ['07200', 'Insulation', 'MS'],
  ['07500', 'Roofing', 'MS'],
  ['07900', 'Joint Sealants', 'MS'],
  ['08100', 'Doors and Frames', 'LM'],
  ['08500', 'Windows', 'MS'],
  ['08700', 'Door Hardware', 'LM'],
  ['09200', 'Gypsum Board', 'LMS'],
  ['09300', 'Tile', 'MS'],
  ['09600', 'Flooring', 'MS'],
  ['09900', 'Painting', 'LMS'],
  ['10100', 'Specialties', 'LM'],
  ['14200', 'Elevators', 'S'],
  ['15400', 'Plumbing', 'MS'],
  ['15500', 'HVAC', 'MS'],
  ['16100', 'Electrical', 'MS'],
  ['16700', 'Communications', 'MS'],
];

const descriptionOf = new Map(standardPhases.map(([code, description]) => [code, description]));

type JobSeed = Partial<FieldsOf<'jobs'>> & Pick<FieldsOf<'jobs'>, 'Job_Number' | 'Job_Description'>;

const jobs: JobSeed[] = [
  {
    Job_Number: 'STANDARD',
    Job_Description: 'Standard Cost Codes',
    Price_Method_Code: 'F',
    Taxable_Flag: 'N',
    Status_Code: 'I',
  },
  {
    Job_Number: 'TEMPLATE1',
    Job_Description: 'Commercial Job Template',
    Division: '10',
    Customer_Code: 'GENCUST',
    Cost_Center: '100',
    Price_Method_Code: 'C',
    Taxable_Flag: 'Y',
    Status_Code: 'I',
  },
  {
    Job_Number: '24-001',
    Job_Description: 'Riverside Medical Office',
    Division: '10',
    Address_1: '1200 River Road',
    City: 'Sacramento',
    State: 'CA',
    Zip_Code: '95814',
    Customer_Code: 'RIVHEALTH',
    Cost_Center: '100',
    Price_Method_Code: 'C',
    Taxable_Flag: 'Y',
    Status_Code: 'A',
    Contract_Number: 'RH-2024-01',
  },
  {
    Job_Number: '24-002',
    Job_Description: 'Oak Street Parking Deck',
    Division: '20',
    Address_1: '455 Oak Street',
    City: 'Fresno',
    State: 'CA',
    Zip_Code: '93721',
    Customer_Code: 'CITYFRES',
    Cost_Center: '200',
    Price_Method_Code: 'F',
    Taxable_Flag: 'N',
    Status_Code: 'A',
  },
  {
    Job_Number: '24-003',
    Job_Description: 'Lincoln Elementary Reno',
    Division: '10',
    Address_1: '88 Lincoln Avenue',
    City: 'Stockton',
    State: 'CA',
    Zip_Code: '95204',
    Customer_Code: 'SUSD',
    Cost_Center: '100',
    Price_Method_Code: 'U',
    Taxable_Flag: 'N',
    Status_Code: 'A',
  },
  {
    Job_Number: '23-040',
    Job_Description: 'Westgate Retail Shell',
    Division: '20',
    City: 'Modesto',
    State: 'CA',
    Customer_Code: 'WESTGATE',
    Cost_Center: '200',
    Price_Method_Code: 'F',
    Taxable_Flag: 'Y',
    Status_Code: 'I',
  },
  {
    Job_Number: '22-017',
    Job_Description: 'Harbor View Lofts',
    Division: '10',
    City: 'Oakland',
    State: 'CA',
    Customer_Code: 'HARBORVW',
    Cost_Center: '100',
    Price_Method_Code: 'T',
    Taxable_Flag: 'Y',
    Status_Code: 'C',
  },
];

/** Estimates and job-to-date cost of the jobs under way: [job, phase, cost type, estimate, JTD, current]. */
const jobCosts: readonly [
  job: string,
  phase: string,
  costType: CostType,
  estimate: string,
  jtd: string,
  current?: string,
][] = [
  ['24-001', '01100', 'L', '85000.00', '32400.50'],
  ['24-001', '01100', 'M', '12500.00', '4810.25'],
  ['24-001', '01200', 'L', '64000.00', '25600.00'],
  ['24-001', '03300', 'L', '48000.00', '41250.00', '52000.00'],
  ['24-001', '03300', 'M', '96500.00', '90112.40', '101500.00'],
  ['24-001', '03300', 'S', '22000.00', '0.00'],
  ['24-001', '05100', 'S', '310000.00', '155000.00'],
  ['24-001', '09200', 'S', '142000.00', '0.00'],
  ['24-001', '15400', 'S', '188000.00', '37600.00'],
  ['24-001', '16100', 'S', '226500.00', '45300.00'],
  ['24-002', '01100', 'L', '42000.00', '8400.00'],
  ['24-002', '02200', 'E', '36000.00', '36000.00'],
  ['24-002', '02200', 'S', '58000.00', '51200.00'],
  ['24-002', '03100', 'L', '75000.00', '18750.00'],
  ['24-002', '03200', 'S', '64000.00', '12800.00'],
  ['24-002', '03300', 'M', '210000.00', '42000.00'],
  ['24-002', '16100', 'S', '48000.00', '0.00'],
  ['24-003', '01100', 'L', '28000.00', '0.00'],
  ['24-003', '06200', 'L', '19500.00', '0.00'],
  ['24-003', '09600', 'S', '44000.00', '0.00'],
  ['24-003', '09900', 'S', '31000.00', '0.00'],
  ['23-040', '01100', 'L', '15000.00', '15000.00'],
  ['22-017', '01100', 'L', '52000.00', '51880.10'],
  ['22-017', '09900', 'S', '27500.00', '27500.00'],
];

type VendorSeed = [
  code: string,
  name: string,
  alphaSort: string,
  address: string,
  city: string,
  zip: string,
  termsDays: string,
  active?: false,
];

const vendors: readonly VendorSeed[] = [
  ['ACMECONC', 'Acme Concrete Co', 'ACMECO', '2100 Industrial Way', 'Sacramento', '95815', '30'],
  ['BAYSTEEL', 'Bay Area Steel Erectors', 'BAYSTE', '77 Harbor Blvd', 'Oakland', '94607', '30'],
  ['CAPELEC', 'Capitol Electric Inc', 'CAPELE', '930 J Street', 'Sacramento', '95814', '45'],
  ['DELTAPLMB', 'Delta Plumbing and Heating', 'DELTAP', '15 Levee Road', 'Stockton', '95202', '30'],
  ['EVERGRN', 'Evergreen Landscaping', 'EVERGR', '410 Orchard Lane', 'Modesto', '95350', '15'],
  ['FRONTRNG', 'Front Range Roofing', 'FRONTR', '6 Summit Court', 'Fresno', '93710', '30'],
  ['GRANITE', 'Granite Masonry Works', 'GRANIT', '1880 Quarry Road', 'Rocklin', '95677', '30'],
  ['HWYEQUIP', 'Highway Equipment Rental', 'HWYEQU', '5 Depot Street', 'Lodi', '95240', '10'],
  ['IRONWOOD', 'Ironwood Millwork', 'IRONWO', '300 Mill Street', 'Chico', '95928', '30', false],
  ['JETMECH', 'Jet Mechanical HVAC', 'JETMEC', '42 Airport Drive', 'Sacramento', '95837', '45'],
];

export function seedDemoCompany(store: SpectrumStore): void {
  store.transaction(() => {
    for (const job of jobs) store.seed('jobs', { ...blankRecord('jobs'), ...job });
    for (const [code, description, types] of standardPhases) {
      for (const costType of types) {
        store.seed('phases', phase('STANDARD', code, costType, description, '0.00', '0.00'));
      }
    }
    for (const [job, code, costType, estimate, jtd, current] of jobCosts) {
      store.seed('phases', {
        ...phase(job, code, costType, descriptionOf.get(code) ?? code, estimate, jtd),
        Current_Estimated_Dollars: current ?? estimate,
      });
    }
    for (const [code, name, alphaSort, address, city, zip, termsDays, active] of vendors) {
      store.seed('vendors', {
        ...blankRecord('vendors'),
        Vendor_Code: code,
        Vendor_Name: name,
        Alpha_Sort: alphaSort,
        Type: 'S',
        Address_1: address,
        Address_3: city,
        State: 'CA',
        Zip_Code: zip,
        Terms_Code: 'A',
        Terms_Days: termsDays,
        Status_Code: active === false ? 'I' : 'A',
      });
    }
  });
}

function phase(
  job: string,
  code: string,
  costType: string,
  description: string,
  estimate: string,
  jtd: string,
): FieldsOf<'phases'> {
  return {
    ...blankRecord('phases'),
    Job_Number: job,
    Phase_Code: code,
    Cost_Type: costType,
    Description: description,
    Original_Est_Quantity: '0.00',
    Original_Est_Hours: '0.00',
    Original_Est_Cost: estimate,
    Price_Method_Code: 'J',
    Status_Code: 'A',
    Current_Estimated_Dollars: estimate,
    JTD_Actual_Dollars: jtd,
  };
}
