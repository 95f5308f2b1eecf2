import type { ErpAddress } from '../connector.ts';
import type { SageRow } from './protocol.ts';

/** Sage 300 CRE's tables, as its ODBC driver names them (docs/sage300-simulator.md). */
export const tables = {
  format: 'TS_CTL_RECORD_3',
  job: 'JCM_MASTER__JOB',
  extra: 'JCM_MASTER__EXTRA',
  standardCostCode: 'JCM_MASTER__STANDARD_COST_CODE',
  standardCategory: 'JCM_MASTER__STANDARD_CATEGORY',
  costCode: 'JCM_MASTER__COST_CODE',
  category: 'JCM_MASTER__CATEGORY',
  vendor: 'APM_MASTER__VENDOR',
  commitment: 'JCM_MASTER__COMMITMENT',
  commitmentLine: 'JCM_MASTER__COMMITMENT_LINE_ITEM',
  changeOrder: 'JCM_MASTER__COMMITMENT_CO',
  changeOrderLine: 'JCM_MASTER__COMMITMENT_CO_ITEM',
  transaction: 'JCT_CURRENT__TRANSACTION',
} as const;

/** Sage keeps amounts in dollars; we keep minor units. */
export const toSageMoney = (cents: number): number => cents / 100;
export function fromSageMoney(value: SageRow[string] | undefined): number {
  const amount = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(amount) ? Math.round(amount * 100) : 0;
}

/** An address as Sage's job and vendor tables keep it; a missing part is written empty (Sage has no null). */
export const toSageAddress = (address: ErpAddress | null | undefined): SageRow => ({
  Address_1: address?.line1 ?? '',
  City: address?.city ?? '',
  State: address?.state ?? '',
  ZIP_Code: address?.zip ?? '',
});

/** The address of a job or vendor row, without its empty parts; none when all are empty. */
export function fromSageAddress(row: SageRow): ErpAddress | undefined {
  const part = (column: string) => (row[column] ? String(row[column]) : undefined);
  const address = {
    ...(part('Address_1') && { line1: part('Address_1') }),
    ...(part('City') && { city: part('City') }),
    ...(part('State') && { state: part('State') }),
    ...(part('ZIP_Code') && { zip: part('ZIP_Code') }),
  };
  return Object.keys(address).length > 0 ? address : undefined;
}

/** Where our records keep the address columns, for the field a refusal names. */
export const addressPaths = {
  Address_1: 'address.line1',
  City: 'address.city',
  State: 'address.state',
  ZIP_Code: 'address.zip',
};
