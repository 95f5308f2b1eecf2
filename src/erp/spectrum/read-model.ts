/**
 * SDX rows → the connector contract's read records. Empty Spectrum fields become absent properties,
 * so a job without a division reads as `{ …no division… }`, never `division: ''`.
 */
import type {
  CostTypeKind,
  ErpAddress,
  ErpCostCode,
  ErpCostType,
  ErpJob,
  ErpJobCost,
  ErpJobStatus,
  ErpVendor,
} from '../connector.ts';
import { formatPhase } from './phase-mask.ts';
import type { SdxRecord } from './soap-codec.ts';
import { parseAmount } from './values.ts';

/** Drops empty and undefined values; undefined when nothing is left. */
function present<T extends Record<string, unknown>>(values: T): Partial<T> | undefined {
  // A plain loop: a sync maps thousands of rows through this.
  const kept: Partial<T> = {};
  let any = false;
  for (const key in values) {
    const value = values[key];
    if (value === undefined || value === '') continue;
    kept[key] = value;
    any = true;
  }
  return any ? kept : undefined;
}

const jobStatuses: Record<string, ErpJobStatus> = { A: 'active', I: 'inactive', C: 'complete' };

/** A GetJob row, with the job's GetJobMain row for what only that one returns (the price method). */
export function toErpJob(row: SdxRecord, main: SdxRecord | undefined): ErpJob {
  const address: ErpAddress | undefined = present({
    line1: row.Address_1,
    city: row.City,
    state: row.State,
    zip: row.Zip_Code,
  });
  return {
    jobNumber: row.Job_Number ?? '',
    description: row.Job_Description ?? '',
    // Spectrum only knows A, I and C; anything else is not a job to export to.
    status: jobStatuses[row.Status_Code ?? ''] ?? 'inactive',
    ...present({
      division: row.Division,
      address,
      customerCode: row.Customer_Code,
      costCenter: row.Cost_Center,
      priceMethod: main?.Price_Method_Code,
    }),
  };
}

/** A job's GetPhase rows (one per phase × cost type) as cost codes with their cost types, in Spectrum's order. */
export function toCostCodes(rows: SdxRecord[], mask: string | undefined): ErpCostCode[] {
  const codes = new Map<string, ErpCostCode>();
  for (const row of rows) {
    const phase = row.Phase_Code ?? '';
    let code = codes.get(phase);
    if (!code) {
      code = { code: formatPhase(phase, mask), description: row.Description ?? '', costTypes: [] };
      codes.set(phase, code);
    }
    if (row.Cost_Type && !code.costTypes.includes(row.Cost_Type)) code.costTypes.push(row.Cost_Type);
  }
  return [...codes.values()];
}

/** Spectrum has no cost-type service: our profile reads them off the standard job, kind by code. */
const costTypeKinds: Record<string, CostTypeKind> = {
  L: 'labor',
  M: 'material',
  S: 'subcontract',
  E: 'equipment',
  O: 'overhead',
};

export function toCostTypes(rows: SdxRecord[]): ErpCostType[] {
  const codes = [...new Set(rows.map((row) => row.Cost_Type ?? '').filter((code) => code !== ''))];
  return codes.map((code) => {
    const kind = costTypeKinds[code.toUpperCase()] ?? 'other';
    return { code, kind, description: kind[0]!.toUpperCase() + kind.slice(1) };
  });
}

/** A GetPhase row's figures; GetPhase returns no original estimate (spectrum-sdx §8). */
export function toJobCost(row: SdxRecord, mask: string | undefined): ErpJobCost {
  return {
    code: formatPhase(row.Phase_Code ?? '', mask),
    costType: row.Cost_Type ?? '',
    description: row.Description ?? '',
    currentEstimate: parseAmount(row.Current_Estimated_Dollars),
    jobToDateActual: parseAmount(row.JTD_Actual_Dollars),
    projectedCost: parseAmount(row.Projected_Dollars),
  };
}

/** One entry of `GET /vendors/{Company_Code}` (spectrum-sdx §10). */
export function toErpVendor(entry: Record<string, unknown>): ErpVendor {
  const text = (name: string) => (typeof entry[name] === 'string' ? (entry[name] as string).trim() : '');
  const address: ErpAddress | undefined = present({
    line1: text('Address_1'),
    city: text('City'),
    state: text('State'),
    zip: text('Zip_Code'),
  });
  return { vendorCode: text('Vendor_Code'), name: text('Name'), ...present({ address }) };
}
