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

/**
 * The incoming rows that are new or differ from the stored ones, each key once (one upsert may not touch
 * a row twice). Rows are compared as values through `comparable`, so JSON that PostgreSQL's jsonb
 * stored with other spacing or key order is no change.
 */
function changedRows<R>(
  incoming: R[],
  stored: { key: string; value: unknown }[],
  key: (row: R) => string,
  comparable: (row: R) => unknown,
): R[] {
  const before = new Map(stored.map((s) => [s.key, s.value]));
  const unique = new Map(incoming.map((row) => [key(row), row]));
  return [...unique.values()].filter((row) => !isDeepStrictEqual(before.get(key(row)), comparable(row)));
}

async function inBatches<R>(rows: R[], write: (batch: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) await write(rows.slice(i, i + batchSize));
}

/**
 * Writes the readings into the company's mirror inside `trx` and answers how many rows it inserted or
 * changed. Only new or changed rows are written, so a second sync of unchanged ERP data writes nothing
 * and `seen_at` is when the ERP's data was last new. Upserts never touch what is ours — the links to
 * projects and vendors and the archived flag — and never delete: the ERP deletes nothing, and a
 * standard cost code it no longer lists may still be in use here.
 */
export async function writeMirror(
  trx: Kysely<DB>,
  companyId: string,
  readings: ErpReadings,
  at: Date,
): Promise<number> {
  const seen = at.toISOString();
  return (
    (await writeJobs(trx, companyId, readings, seen)) +
    (await writeVendors(trx, companyId, readings.vendors, seen)) +
    (await writeJobCosts(trx, companyId, readings.jobCosts, seen)) +
    (await writeCostCodes(trx, companyId, readings.costCodes, seen)) +
    (await writeCostTypes(trx, companyId, readings.costTypes, seen))
  );
}

async function writeJobs(trx: Kysely<DB>, companyId: string, readings: ErpReadings, seen: string) {
  const stored = await trx
    .selectFrom('erp_jobs')
    .select(['job_number', 'description', 'status', 'data', 'is_template'])
    .where('company_id', '=', companyId)
    .execute();
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
    fromJson(r.data),
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

async function writeVendors(trx: Kysely<DB>, companyId: string, vendors: ErpVendor[], seen: string) {
  const stored = await trx
    .selectFrom('erp_vendors')
    .select(['vendor_code', 'name', 'data'])
    .where('company_id', '=', companyId)
    .execute();
  const rows = vendors.map((vendor) => ({
    company_id: companyId,
    vendor_code: vendor.vendorCode,
    name: vendor.name,
    data: toJson(vendor),
    linked_vendor_id: null,
    archived: 0 as const,
    seen_at: seen,
  }));
  const comparable = (r: { name: string; data: string }) => [r.name, fromJson(r.data)];
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
  seen: string,
) {
  if (jobCosts.size === 0) return 0;
  const stored = await trx
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
    .where('job_number', 'in', [...jobCosts.keys()])
    .execute();
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
async function writeCostCodes(trx: Kysely<DB>, companyId: string, codes: ErpCostCode[], seen: string) {
  const stored = await trx
    .selectFrom('standard_cost_codes')
    .select(['code', 'description', 'source'])
    .where('company_id', '=', companyId)
    .execute();
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

async function writeCostTypes(trx: Kysely<DB>, companyId: string, types: ErpCostType[], seen: string) {
  const stored = await trx
    .selectFrom('cost_types')
    .select(['code', 'description', 'kind', 'source'])
    .where('company_id', '=', companyId)
    .execute();
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
