import { isDeepStrictEqual } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { Capabilities } from '../../db/capabilities.ts';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import { type ValueType, valuesList } from '../../db/values.ts';
import type { ErpCostCode, ErpCostType, ErpJob, ErpJobCost, ErpVendor } from '../../erp/connector.ts';

/**
 * Rows per statement. PostgreSQL takes a batch as a few array parameters whatever its size; SQLite takes a
 * parameter per value (at most 32,766).
 */
const batchSize = (caps: Capabilities) => (caps.rowsAsArrays ? 5_000 : 500);

/** A JSON column's text, compared as the value it holds (PostgreSQL's jsonb answers its own spacing and key order). */
class JsonText {
  constructor(readonly text: string) {}
  equals(other: JsonText): boolean {
    // Equal texts are equal values: the common case, checked without parsing.
    return this.text === other.text || isDeepStrictEqual(fromJson(this.text), fromJson(other.text));
  }
}
const json = (text: string) => new JsonText(text);

type Comparable = readonly (string | number | null | JsonText)[];

const sameValues = (a: Comparable, b: Comparable) =>
  a.every((value, i) => {
    const other = b[i];
    return value instanceof JsonText && other instanceof JsonText ? value.equals(other) : value === other;
  });

/**
 * The incoming rows that are new or differ from the stored ones, each key once (one upsert may not touch
 * a row twice). Rows are compared through `comparable`: scalars as they are, JSON as values.
 */
function changedRows<R>(
  incoming: R[],
  stored: { key: string; value: Comparable }[],
  key: (row: R) => string,
  comparable: (row: R) => Comparable,
): R[] {
  const before = new Map(stored.map((s) => [s.key, s.value]));
  const unique = new Map(incoming.map((row) => [key(row), row]));
  return [...unique.values()].filter((row) => {
    const was = before.get(key(row));
    return was === undefined || !sameValues(was, comparable(row));
  });
}

/** A mirror table as the sync writes it: its columns (with their types), its key, what an upsert sets. */
interface MirrorTable<R> {
  name: 'erp_jobs' | 'erp_vendors' | 'erp_job_costs' | 'standard_cost_codes' | 'cost_types';
  columns: readonly (readonly [keyof R & string, ValueType])[];
  key: readonly (keyof R & string)[];
  set: readonly (keyof R & string)[];
}

/**
 * Inserts the rows, or updates the ones whose key exists (only the `set` columns: the others are ours),
 * a batch per statement, each batch one table of values (see `valuesList`).
 */
async function upsertRows<R extends Record<string, unknown>>(
  db: Kysely<DB>,
  caps: Capabilities,
  table: MirrorTable<R>,
  rows: readonly R[],
): Promise<void> {
  const names = table.columns.map(([name]) => name);
  const types = table.columns.map(([, type]) => type);
  const size = batchSize(caps);
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size).map((row) => names.map((name) => row[name]));
    // `where true`: SQLite needs it to tell an upsert's `on conflict` from a join's.
    await sql`
      insert into ${sql.table(table.name)} (${sql.join(names.map((name) => sql.ref(name)))})
      select * from ${valuesList(caps, types, batch)} as v where true
      on conflict (${sql.join(table.key.map((name) => sql.ref(name)))}) do update
      set ${sql.join(table.set.map((name) => sql`${sql.ref(name)} = ${sql.ref(`excluded.${name}`)}`))}`.execute(
      db,
    );
  }
}

interface StoredJobCost {
  job_number: string;
  code: string;
  cost_type: string;
  description: string;
  original_estimate: number | null;
  current_estimate: number;
  job_to_date_actual: number;
  projected_cost: number | null;
}

/** The mirror as it was before a sync: the rows a sync compares its readings with. */
export interface StoredMirror {
  jobs: { job_number: string; description: string; status: string; data: string; is_template: number }[];
  vendors: { vendor_code: string; name: string; data: string }[];
  /** Per linked job. */
  jobCosts: Map<string, StoredJobCost[]>;
  costCodes: { code: string; description: string; source: string }[];
  costTypes: { code: string; description: string; kind: string; source: string }[];
}

/**
 * The company's mirror rows a sync compares with, read while the ERP is being read (it is most of what
 * an unchanged sync costs on our side). Reading them before the writing transaction is safe: every
 * write is an upsert of the ERP's values, so a row changed since this read is at worst written again.
 */
export async function readStoredMirror(
  db: Kysely<DB>,
  companyId: string,
  linkedJobs: string[],
): Promise<StoredMirror> {
  const [jobs, vendors, jobCosts, costCodes, costTypes] = await Promise.all([
    db
      .selectFrom('erp_jobs')
      .select(['job_number', 'description', 'status', 'data', 'is_template'])
      .where('company_id', '=', companyId)
      .execute(),
    db
      .selectFrom('erp_vendors')
      .select(['vendor_code', 'name', 'data'])
      .where('company_id', '=', companyId)
      .execute(),
    linkedJobs.length === 0
      ? []
      : db
          .selectFrom('erp_job_costs')
          .select([
            'job_number',
            'code',
            'cost_type',
            'description',
            'original_estimate',
            'current_estimate',
            'job_to_date_actual',
            'projected_cost',
          ])
          .where('company_id', '=', companyId)
          .where('job_number', 'in', linkedJobs)
          .execute(),
    db
      .selectFrom('standard_cost_codes')
      .select(['code', 'description', 'source'])
      .where('company_id', '=', companyId)
      .execute(),
    db
      .selectFrom('cost_types')
      .select(['code', 'description', 'kind', 'source'])
      .where('company_id', '=', companyId)
      .execute(),
  ]);
  const costsByJob = new Map<string, StoredJobCost[]>();
  for (const cost of jobCosts) {
    const costs = costsByJob.get(cost.job_number);
    if (costs) costs.push(cost);
    else costsByJob.set(cost.job_number, [cost]);
  }
  return { jobs, vendors, jobCosts: costsByJob, costCodes, costTypes };
}

/**
 * Writes what a sync read into the company's mirror, a part at a time (as each is read), and answers how
 * many rows each part inserted or changed. Only rows that are new or differ from the stored ones are
 * written, so a second sync of unchanged ERP data writes nothing and `seen_at` is when the ERP's data was
 * last new. Upserts never touch what is ours — the links to projects and vendors and the archived flag —
 * and never delete: the ERP deletes nothing, and a standard cost code it no longer lists may still be in
 * use here. No transaction spans the parts: each row written is the ERP's value as read.
 */
export type MirrorWriter = ReturnType<typeof mirrorWriter>;

export function mirrorWriter(db: Kysely<DB>, caps: Capabilities, companyId: string, at: Date) {
  const seen = at.toISOString();
  const upsert = <R extends Record<string, unknown>>(table: MirrorTable<R>, rows: R[]) =>
    upsertRows(db, caps, table, rows).then(() => rows.length);
  return {
    jobs: (jobs: ErpJob[], templates: ReadonlySet<string>, stored: StoredMirror['jobs']) =>
      upsert(jobsTable, changedJobs(companyId, jobs, templates, stored, seen)),
    vendors: (vendors: ErpVendor[], stored: StoredMirror['vendors']) =>
      upsert(vendorsTable, changedVendors(companyId, vendors, stored, seen)),
    jobCosts: (jobNumber: string, costs: ErpJobCost[], stored: readonly StoredJobCost[]) =>
      upsert(jobCostsTable, changedJobCosts(companyId, jobNumber, costs, stored, seen)),
    costCodes: (codes: ErpCostCode[], stored: StoredMirror['costCodes']) =>
      upsert(costCodesTable, changedCostCodes(companyId, codes, stored, seen)),
    costTypes: (types: ErpCostType[], stored: StoredMirror['costTypes']) =>
      upsert(costTypesTable, changedCostTypes(companyId, types, stored, seen)),
  };
}

const jobsTable = {
  name: 'erp_jobs',
  columns: [
    ['company_id', 'text'],
    ['job_number', 'text'],
    ['description', 'text'],
    ['status', 'text'],
    ['data', 'json'],
    ['is_template', 'integer'],
    ['linked_project_id', 'text'],
    ['archived', 'integer'],
    ['seen_at', 'timestamp'],
  ],
  key: ['company_id', 'job_number'],
  set: ['description', 'status', 'data', 'is_template', 'seen_at'],
} as const satisfies MirrorTable<ReturnType<typeof changedJobs>[number]>;

function changedJobs(
  companyId: string,
  jobs: ErpJob[],
  templates: ReadonlySet<string>,
  stored: StoredMirror['jobs'],
  seen: string,
) {
  const rows = jobs.map((job) => ({
    company_id: companyId,
    job_number: job.jobNumber,
    description: job.description,
    status: job.status,
    data: toJson(job),
    is_template: templates.has(job.jobNumber) ? (1 as const) : (0 as const),
    linked_project_id: null,
    archived: 0 as const,
    seen_at: seen,
  }));
  const comparable = (r: { description: string; status: string; data: string; is_template: number }) => [
    r.description,
    r.status,
    json(r.data),
    r.is_template,
  ];
  return changedRows(
    rows,
    stored.map((s) => ({ key: s.job_number, value: comparable(s) })),
    (r) => r.job_number,
    comparable,
  );
}

const vendorsTable = {
  name: 'erp_vendors',
  columns: [
    ['company_id', 'text'],
    ['vendor_code', 'text'],
    ['name', 'text'],
    ['data', 'json'],
    ['linked_vendor_id', 'text'],
    ['archived', 'integer'],
    ['seen_at', 'timestamp'],
  ],
  key: ['company_id', 'vendor_code'],
  set: ['name', 'data', 'seen_at'],
} as const satisfies MirrorTable<ReturnType<typeof changedVendors>[number]>;

function changedVendors(
  companyId: string,
  vendors: ErpVendor[],
  stored: StoredMirror['vendors'],
  seen: string,
) {
  const rows = vendors.map((vendor) => ({
    company_id: companyId,
    vendor_code: vendor.vendorCode,
    name: vendor.name,
    data: toJson(vendor),
    linked_vendor_id: null,
    archived: 0 as const,
    seen_at: seen,
  }));
  const comparable = (r: { name: string; data: string }) => [r.name, json(r.data)];
  return changedRows(
    rows,
    stored.map((s) => ({ key: s.vendor_code, value: comparable(s) })),
    (r) => r.vendor_code,
    comparable,
  );
}

const jobCostsTable = {
  name: 'erp_job_costs',
  columns: [
    ['company_id', 'text'],
    ['job_number', 'text'],
    ['code', 'text'],
    ['cost_type', 'text'],
    ['description', 'text'],
    ['original_estimate', 'bigint'],
    ['current_estimate', 'bigint'],
    ['job_to_date_actual', 'bigint'],
    ['projected_cost', 'bigint'],
    ['seen_at', 'timestamp'],
  ],
  key: ['company_id', 'job_number', 'code', 'cost_type'],
  set: [
    'description',
    'original_estimate',
    'current_estimate',
    'job_to_date_actual',
    'projected_cost',
    'seen_at',
  ],
} as const satisfies MirrorTable<ReturnType<typeof changedJobCosts>[number]>;

function changedJobCosts(
  companyId: string,
  jobNumber: string,
  costs: ErpJobCost[],
  stored: readonly StoredJobCost[],
  seen: string,
) {
  const rows = costs.map((cost) => ({
    company_id: companyId,
    job_number: jobNumber,
    code: cost.code,
    cost_type: cost.costType,
    description: cost.description,
    original_estimate: cost.originalEstimate ?? null,
    current_estimate: cost.currentEstimate,
    job_to_date_actual: cost.jobToDateActual,
    projected_cost: cost.projectedCost ?? null,
    seen_at: seen,
  }));
  const key = (r: { code: string; cost_type: string }) => `${r.code}\u0000${r.cost_type}`;
  const comparable = (r: StoredJobCost) => [
    r.description,
    r.original_estimate,
    r.current_estimate,
    r.job_to_date_actual,
    r.projected_cost,
  ];
  return changedRows(
    rows,
    stored.map((s) => ({ key: key(s), value: comparable(s) })),
    key,
    comparable,
  );
}

/** A code an ERP admin kept by hand becomes the ERP's once the ERP has it (`source` turns to `erp`). */
const costCodesTable = {
  name: 'standard_cost_codes',
  columns: [
    ['company_id', 'text'],
    ['code', 'text'],
    ['description', 'text'],
    ['source', 'text'],
    ['updated_at', 'timestamp'],
  ],
  key: ['company_id', 'code'],
  set: ['description', 'source', 'updated_at'],
} as const satisfies MirrorTable<ReturnType<typeof changedCostCodes>[number]>;

function changedCostCodes(
  companyId: string,
  codes: ErpCostCode[],
  stored: StoredMirror['costCodes'],
  seen: string,
) {
  const rows = codes.map((c) => ({
    company_id: companyId,
    code: c.code,
    description: c.description,
    source: 'erp' as const,
    updated_at: seen,
  }));
  const comparable = (r: { description: string; source: string }) => [r.description, r.source];
  return changedRows(
    rows,
    stored.map((s) => ({ key: s.code, value: comparable(s) })),
    (r) => r.code,
    comparable,
  );
}

const costTypesTable = {
  name: 'cost_types',
  columns: [
    ['company_id', 'text'],
    ['code', 'text'],
    ['description', 'text'],
    ['kind', 'text'],
    ['source', 'text'],
    ['updated_at', 'timestamp'],
  ],
  key: ['company_id', 'code'],
  set: ['description', 'kind', 'source', 'updated_at'],
} as const satisfies MirrorTable<ReturnType<typeof changedCostTypes>[number]>;

function changedCostTypes(
  companyId: string,
  types: ErpCostType[],
  stored: StoredMirror['costTypes'],
  seen: string,
) {
  const rows = types.map((t) => ({
    company_id: companyId,
    code: t.code,
    description: t.description,
    kind: t.kind,
    source: 'erp' as const,
    updated_at: seen,
  }));
  const comparable = (r: { description: string; kind: string; source: string }) => [
    r.description,
    r.kind,
    r.source,
  ];
  return changedRows(
    rows,
    stored.map((s) => ({ key: s.code, value: comparable(s) })),
    (r) => r.code,
    comparable,
  );
}
