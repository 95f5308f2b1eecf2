import type { RequestDetail } from './queue-queries.ts';

/**
 * Hand-written views of `snapshot`, `requestedUpdates` and `acceptOptions`, which the OpenAPI document
 * still types as `unknown` (A13's fallback): each reader checks what it takes and tolerates the rest.
 */
type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export interface CostCodeUpdate {
  code: string;
  description: string;
  costTypes: string[];
  codeInErp: boolean;
}
export interface BudgetLineUpdate {
  costCode: string;
  costType: string;
  before: string | null;
  after: string | null;
}
export interface VendorFieldUpdate {
  field: string;
  before: unknown;
  after: unknown;
}
export interface SnapshotLine {
  costCode: string;
  costType: string;
  amount: string;
  description?: string | undefined;
}

export interface AcceptOptions {
  jobNumber?: string | undefined;
  jobTemplate?: string | undefined;
  vendorCode?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
}

export const snapshotOf = (r: Pick<RequestDetail, 'snapshot'>) => obj(r.snapshot);
export const snapshotString = (r: Pick<RequestDetail, 'snapshot'>, key: string) => str(snapshotOf(r)[key]);

export function acceptOptionsOf(r: Pick<RequestDetail, 'acceptOptions'>): AcceptOptions {
  const o = obj(r.acceptOptions);
  return {
    jobNumber: str(o.jobNumber),
    jobTemplate: str(o.jobTemplate),
    vendorCode: str(o.vendorCode),
    title: str(o.title),
    description: str(o.description),
  };
}

export function costCodeUpdates(r: Pick<RequestDetail, 'requestedUpdates'>): CostCodeUpdate[] {
  return arr(obj(r.requestedUpdates).costCodes).map((c) => {
    const o = obj(c);
    return {
      code: str(o.code) ?? '',
      description: str(o.description) ?? '',
      costTypes: arr(o.costTypes).filter((t): t is string => typeof t === 'string'),
      codeInErp: o.codeInErp === true,
    };
  });
}

export function budgetLineUpdates(r: Pick<RequestDetail, 'requestedUpdates'>): BudgetLineUpdate[] {
  return arr(obj(r.requestedUpdates).lines).map((l) => {
    const o = obj(l);
    return {
      costCode: str(o.costCode) ?? '',
      costType: str(o.costType) ?? '',
      before: str(o.before) ?? null,
      after: str(o.after) ?? null,
    };
  });
}

export function vendorFieldUpdates(r: Pick<RequestDetail, 'requestedUpdates'>): VendorFieldUpdate[] {
  return arr(obj(r.requestedUpdates).fields).map((f) => {
    const o = obj(f);
    return { field: str(o.field) ?? '', before: o.before ?? null, after: o.after ?? null };
  });
}

export function snapshotLines(r: Pick<RequestDetail, 'snapshot'>): SnapshotLine[] {
  return arr(snapshotOf(r).lines).map((l) => {
    const o = obj(l);
    return {
      costCode: str(o.costCode) ?? '',
      costType: str(o.costType) ?? '',
      amount: str(o.amount) ?? '0.00',
      description: str(o.description),
    };
  });
}

/** "2 new cost codes, 3 new cost-type assignments", as Update's dialog counts (S3). */
export function updateSummary(r: Pick<RequestDetail, 'kind' | 'requestedUpdates'>): string {
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

/** Display of any snapshot value (unknown fields are shown as key/value, A13's fallback). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') {
    return Object.values(value as Obj)
      .filter((v) => v !== null && v !== '')
      .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
      .join(', ');
  }
  return String(value);
}
