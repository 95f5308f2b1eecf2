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
