import type { Checks } from '../checks.ts';
import { dateOrdinal } from '../formats.ts';
import type { ServiceRequest } from './service.ts';

/**
 * Level-3 lookups in the company's file maintenance that several services share. Each names the
 * column it checks and does nothing for a blank value (a blank element is never validated).
 */

export function checkCostCenter(
  checks: Checks,
  { store, settings }: ServiceRequest,
  column: string,
  value: string,
  statuses: readonly string[] = ['Y', 'P'],
): void {
  if (!value) return;
  if (!statuses.includes(settings.costCenterStatus)) {
    checks.invalid(column, `${column}: the company's cost-center status does not accept cost-center data`);
  } else if (!store.find('costCenters', { Cost_Center: value })) {
    checks.invalid(column, `${column} ${value} is not a cost center`);
  }
}

export function checkUnitOfMeasure(
  checks: Checks,
  { store }: ServiceRequest,
  column: string,
  value: string,
): void {
  if (value && !store.find('unitsOfMeasure', { Unit_of_Measure: value })) {
    checks.invalid(column, `${column} ${value} is not in the unit of measure file`);
  }
}

export function checkCostType(
  checks: Checks,
  { store }: ServiceRequest,
  column: string,
  value: string,
): void {
  if (value && !store.find('costTypes', { Cost_Type: value })) {
    checks.invalid(column, `${column} ${value} is not a cost type of the company`);
  }
}

/** `direct`: must be a direct job-cost account; `overhead`: must not be. */
export function checkGlAccount(
  checks: Checks,
  { store }: ServiceRequest,
  column: string,
  value: string,
  kind?: 'direct' | 'overhead',
): void {
  if (!value) return;
  const account = store.find('glAccounts', { GL_Account: value });
  if (account?.Status !== 'A') {
    checks.invalid(column, `${column} ${value} is not an active G/L account`);
  } else if (kind === 'direct' && account.Direct_Job_Cost !== 'Y') {
    checks.invalid(column, `${column} ${value} is not a direct job-cost account`);
  } else if (kind === 'overhead' && account.Direct_Job_Cost === 'Y') {
    checks.invalid(
      column,
      `${column} ${value} is a direct job-cost account; a distribution needs a non-direct one`,
    );
  }
}

export function checkDateWithin(
  checks: Checks,
  column: string,
  value: string,
  [start, end]: readonly [string, string],
  what: string,
): void {
  const day = dateOrdinal(value);
  if (day === undefined) return;
  if (day < (dateOrdinal(start) ?? 0) || day > (dateOrdinal(end) ?? 99_999_999)) {
    checks.invalid(column, `${column} ${value} is outside the ${what} (${start} to ${end})`);
  }
}
