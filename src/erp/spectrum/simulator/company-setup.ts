import type { SimSettings } from './settings.ts';
import type { SpectrumStore } from './store.ts';

/**
 * The company's installation and file maintenance that the services validate against: Authorization
 * IDs, cost centers, cost types, units of measure, G/L accounts and change-request statuses (brief §6).
 * Both seeds get them (an `empty` company still has an installation); like every seed, this inserts
 * only what is missing.
 */
export function seedCompanySetup(store: SpectrumStore, settings: SimSettings): void {
  store.transaction(() => {
    for (const [id, services] of [
      [settings.authorizationId, 'ALL'],
      [settings.readOnlyAuthorizationId, 'GET'],
    ] as const) {
      store.seed('authorizations', {
        Authorization_ID: id,
        Company_Code: settings.companyCode,
        Status: 'A',
        Services: services,
      });
    }
    for (const [Cost_Center, Description] of costCenters)
      store.seed('costCenters', { Cost_Center, Description });
    for (const [Cost_Type, Description] of costTypes) store.seed('costTypes', { Cost_Type, Description });
    for (const [Unit_of_Measure, Description] of units)
      store.seed('unitsOfMeasure', { Unit_of_Measure, Description });
    for (const [GL_Account, Description, Direct_Job_Cost] of glAccounts) {
      store.seed('glAccounts', { GL_Account, Description, Direct_Job_Cost, Status: 'A' });
    }
    for (const [CR_Status, Description, Action] of changeRequestStatuses) {
      store.seed('changeRequestStatuses', { CR_Status, Description, Action });
    }
  });
}

const costCenters = [
  ['100', 'Northern California'],
  ['200', 'Central Valley'],
] as const;

const costTypes = [
  ['L', 'Labor'],
  ['M', 'Material'],
  ['S', 'Subcontract'],
  ['E', 'Equipment'],
  ['O', 'Other'],
] as const;

const units = [
  ['EA', 'Each'],
  ['LS', 'Lump Sum'],
  ['HR', 'Hour'],
  ['CY', 'Cubic Yard'],
  ['SF', 'Square Foot'],
  ['LF', 'Linear Foot'],
  ['TON', 'Ton'],
] as const;

/** `Y`: a direct job-cost account (subcontracts post to it); `N`: overhead (vendor distributions). */
const glAccounts = [
  ['5000', 'Job Cost - Subcontracts', 'Y'],
  ['5100', 'Job Cost - Materials', 'Y'],
  ['6000', 'Overhead Expense', 'N'],
] as const;

/** Only Approved and Executed statuses allow an Approved_Date (ARChangeRequest assumption 11). */
const changeRequestStatuses = [
  ['O', 'Open', ''],
  ['P', 'Pending', ''],
  ['A', 'Approved', 'approved'],
  ['X', 'Executed', 'executed'],
  ['D', 'Declined', ''],
] as const;
