import type { components } from '../../api/schema.d.ts';
import type { RequestDetail } from './queue-queries.ts';

/** The OpenAPI document names each kind's snapshot and requested updates (A13). */
type Schemas = components['schemas'];
export type CostCodeUpdate = Schemas['CostCodesUpdates']['costCodes'][number];
export type BudgetLineUpdate = Schemas['BudgetUpdates']['lines'][number];
export type VendorFieldUpdate = Schemas['VendorUpdates']['fields'][number];
export type AcceptOptions = NonNullable<RequestDetail['acceptOptions']>;
/** A line of a budget, commitment or change order snapshot. */
export type SnapshotLine = (
  | Schemas['BudgetSnapshot']
  | Schemas['CommitmentSnapshot']
  | Schemas['ChangeOrderSnapshot']
)['lines'][number];

export const costCodeUpdates = (r: RequestDetail): CostCodeUpdate[] =>
  r.kind === 'cost_codes' ? r.requestedUpdates.costCodes : [];

export const budgetLineUpdates = (r: RequestDetail): BudgetLineUpdate[] =>
  r.kind === 'budget' ? (r.requestedUpdates?.lines ?? []) : [];

export const vendorFieldUpdates = (r: RequestDetail): VendorFieldUpdate[] =>
  r.kind === 'vendor' ? (r.requestedUpdates?.fields ?? []) : [];

export const snapshotLines = (r: RequestDetail): SnapshotLine[] =>
  r.kind === 'budget' || r.kind === 'commitment' || r.kind === 'change_order' ? r.snapshot.lines : [];

/** "2 new cost codes, 3 new cost-type assignments", as Update's dialog counts (S3). */
export function updateSummary(r: RequestDetail): string {
  const plural = (n: number, one: string, many: string) =>
    `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  if (r.kind === 'cost_codes') {
    const codes = costCodeUpdates(r);
    const newCodes = codes.filter((c) => !c.codeInErp).length;
    const assignments = codes.reduce((n, c) => n + c.costTypes.length, 0);
    return `${plural(newCodes, 'new cost code', 'new cost codes')}, ${plural(assignments, 'new cost-type assignment', 'new cost-type assignments')}`;
  }
  if (r.kind === 'budget')
    return plural(budgetLineUpdates(r).length, 'budget line changes', 'budget lines change');
  if (r.kind === 'vendor')
    return plural(vendorFieldUpdates(r).length, 'vendor field changes', 'vendor fields change');
  return '';
}

/** Display of a snapshot value or a vendor field's before and after (an address is one line). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .filter((v) => v !== null && v !== '')
      .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
      .join(', ');
  }
  return String(value);
}
