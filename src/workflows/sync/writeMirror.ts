import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { ErpCostCode, ErpCostType, ErpJob, ErpJobCost, ErpVendor } from '../../erp/connector.ts';

/** Everything one sync read from the ERP. */
export interface ErpReadings {
  jobs: ErpJob[];
  /** Job numbers the ERP offers as job templates. */
  templates: Set<string>;
  costCodes: ErpCostCode[];
  costTypes: ErpCostType[];
  vendors: ErpVendor[];
  /** Per linked job: its cost codes × cost types with estimates and job-to-date cost. */
  jobCosts: Map<string, ErpJobCost[]>;
}

const batchSize = 500;

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

async function inBatches<R>(rows: R[], write: (batch: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) await write(rows.slice(i, i + batchSize));
}

/** The mirror as it was before a sync: the rows a sync compares its readings with. */
export interface StoredMirror {
  jobs: { job_number: string; description: string; status: string; data: string; is_template: number }[];
  vendors: { vendor_code: string; name: string; data: string }[];
  jobCosts: {
    job_number: string;
    code: string;
    cost_type: string;
    description: string;
    original_estimate: number | null;
    current_estimate: number;
    job_to_date_actual: number;
    projected_cost: number | null;
  }[];
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
  return { jobs, vendors, jobCosts, costCodes, costTypes };
}

/**
 * Writes the readings into the company's mirror inside `trx` and answers how many rows it inserted or
 * changed. Only rows that are new or differ from `stored` are written, so a second sync of unchanged ERP
 * data writes nothing and `seen_at` is when the ERP's data was last new. Upserts never touch what is ours
 * — the links to projects and vendors and the archived flag — and never delete: the ERP deletes nothing,
 * and a standard cost code it no longer lists may still be in use here.
 */
export async function writeMirror(
  trx: Kysely<DB>,
  companyId: string,
  readings: ErpReadings,
  stored: StoredMirror,
  at: Date,
): Promise<number> {
  const seen = at.toISOString();
  return (
    (await writeJobs(trx, companyId, readings, stored.jobs, seen)) +
    (await writeVendors(trx, companyId, readings.vendors, stored.vendors, seen)) +
    (await writeJobCosts(trx, companyId, readings.jobCosts, stored.jobCosts, seen)) +
    (await writeCostCodes(trx, companyId, readings.costCodes, stored.costCodes, seen)) +
    (await writeCostTypes(trx, companyId, readings.costTypes, stored.costTypes, seen))
  );
}

async function writeJobs(
  trx: Kysely<DB>,
  companyId: string,
  readings: ErpReadings,
  stored: StoredMirror['jobs'],
  seen: string,
) {
  const rows = readings.jobs.map((job) => ({
    company_id: companyId,
    job_number: job.jobNumber,
    description: job.description,
    status: job.status,
    data: toJson(job),
    is_template: readings.templates.has(job.jobNumber) ? (1 as const) : (0 as const),
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
  const changed = changedRows(
    rows,
    stored.map((s) => ({ key: s.job_number, value: comparable(s) })),
    (r) => r.job_number,
    comparable,
  );
  await inBatches(changed, (batch) =>
    trx
      .insertInto('erp_jobs')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['company_id', 'job_number']).doUpdateSet((eb) => ({
          description: eb.ref('excluded.description'),
          status: eb.ref('excluded.status'),
          data: eb.ref('excluded.data'),
          is_template: eb.ref('excluded.is_template'),
          seen_at: eb.ref('excluded.seen_at'),
        })),
      )
      .execute(),
  );
  return changed.length;
}

async function writeVendors(
  trx: Kysely<DB>,
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
  const changed = changedRows(
    rows,
    stored.map((s) => ({ key: s.vendor_code, value: comparable(s) })),
    (r) => r.vendor_code,
    comparable,
  );
  await inBatches(changed, (batch) =>
    trx
      .insertInto('erp_vendors')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['company_id', 'vendor_code']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          data: eb.ref('excluded.data'),
          seen_at: eb.ref('excluded.seen_at'),
        })),
      )
      .execute(),
  );
  return changed.length;
}

async function writeJobCosts(
  trx: Kysely<DB>,
  companyId: string,
  jobCosts: Map<string, ErpJobCost[]>,
  stored: StoredMirror['jobCosts'],
  seen: string,
) {
  if (jobCosts.size === 0) return 0;
  const rows = [...jobCosts].flatMap(([jobNumber, costs]) =>
    costs.map((cost) => ({
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
    })),
  );
  const key = (r: { job_number: string; code: string; cost_type: string }) =>
    `${r.job_number}\u0000${r.code}\u0000${r.cost_type}`;
  const comparable = (r: (typeof stored)[number]) => [
    r.description,
    r.original_estimate,
    r.current_estimate,
    r.job_to_date_actual,
    r.projected_cost,
  ];
  const changed = changedRows(
    rows,
    stored.map((s) => ({ key: key(s), value: comparable(s) })),
    key,
    comparable,
  );
  await inBatches(changed, (batch) =>
    trx
      .insertInto('erp_job_costs')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['company_id', 'job_number', 'code', 'cost_type']).doUpdateSet((eb) => ({
          description: eb.ref('excluded.description'),
          original_estimate: eb.ref('excluded.original_estimate'),
          current_estimate: eb.ref('excluded.current_estimate'),
          job_to_date_actual: eb.ref('excluded.job_to_date_actual'),
          projected_cost: eb.ref('excluded.projected_cost'),
          seen_at: eb.ref('excluded.seen_at'),
        })),
      )
      .execute(),
  );
  return changed.length;
}

/** A code an ERP admin kept by hand becomes the ERP's once the ERP has it (`source` turns to `erp`). */
async function writeCostCodes(
  trx: Kysely<DB>,
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
  const changed = changedRows(
    rows,
    stored.map((s) => ({ key: s.code, value: comparable(s) })),
    (r) => r.code,
    comparable,
  );
  await inBatches(changed, (batch) =>
    trx
      .insertInto('standard_cost_codes')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['company_id', 'code']).doUpdateSet((eb) => ({
          description: eb.ref('excluded.description'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute(),
  );
  return changed.length;
}

async function writeCostTypes(
  trx: Kysely<DB>,
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
  const changed = changedRows(
    rows,
    stored.map((s) => ({ key: s.code, value: comparable(s) })),
    (r) => r.code,
    comparable,
  );
  await inBatches(changed, (batch) =>
    trx
      .insertInto('cost_types')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['company_id', 'code']).doUpdateSet((eb) => ({
          description: eb.ref('excluded.description'),
          kind: eb.ref('excluded.kind'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute(),
  );
  return changed.length;
}
