import type { Kysely } from 'kysely';
import type { Capabilities } from '../../db/capabilities.ts';
import { toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { ErpCostCode, ErpCostType, ErpJob, ErpJobCost, ErpVendor } from '../../erp/connector.ts';
import { mirrorSpec, type StoredRow, storedColumns, upsertChanged } from './upsert-changed.ts';

const erpJobs = mirrorSpec({
  table: 'erp_jobs',
  key: ['job_number'],
  compared: { description: 'text', status: 'text', data: 'json', is_template: 'integer' },
  ours: { linked_project_id: 'text', archived: 'integer' },
  seen: 'seen_at',
});

const erpVendors = mirrorSpec({
  table: 'erp_vendors',
  key: ['vendor_code'],
  compared: { name: 'text', data: 'json' },
  ours: { linked_vendor_id: 'text', archived: 'integer' },
  seen: 'seen_at',
});

const erpJobCosts = mirrorSpec({
  table: 'erp_job_costs',
  key: ['job_number', 'code', 'cost_type'],
  compared: {
    description: 'text',
    original_estimate: 'bigint',
    current_estimate: 'bigint',
    job_to_date_actual: 'bigint',
    projected_cost: 'bigint',
  },
  ours: {},
  seen: 'seen_at',
});

/** A code an ERP admin kept by hand becomes the ERP's once the ERP has it (`source` turns to `erp`). */
const standardCostCodes = mirrorSpec({
  table: 'standard_cost_codes',
  key: ['code'],
  compared: { description: 'text', source: 'text' },
  ours: {},
  seen: 'updated_at',
});

const costTypes = mirrorSpec({
  table: 'cost_types',
  key: ['code'],
  compared: { description: 'text', kind: 'text', source: 'text' },
  ours: {},
  seen: 'updated_at',
});

/** The mirror as it was before a sync: the rows a sync compares its readings with. */
export interface StoredMirror {
  jobs: StoredRow<typeof erpJobs>[];
  vendors: StoredRow<typeof erpVendors>[];
  /** Per linked job. */
  jobCosts: Map<string, StoredRow<typeof erpJobCosts>[]>;
  costCodes: StoredRow<typeof standardCostCodes>[];
  costTypes: StoredRow<typeof costTypes>[];
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
  const [jobs, vendors, jobCosts, costCodes, costTypeRows] = await Promise.all([
    db.selectFrom('erp_jobs').select(storedColumns(erpJobs)).where('company_id', '=', companyId).execute(),
    db
      .selectFrom('erp_vendors')
      .select(storedColumns(erpVendors))
      .where('company_id', '=', companyId)
      .execute(),
    linkedJobs.length === 0
      ? []
      : db
          .selectFrom('erp_job_costs')
          .select(storedColumns(erpJobCosts))
          .where('company_id', '=', companyId)
          .where('job_number', 'in', linkedJobs)
          .execute(),
    db
      .selectFrom('standard_cost_codes')
      .select(storedColumns(standardCostCodes))
      .where('company_id', '=', companyId)
      .execute(),
    db
      .selectFrom('cost_types')
      .select(storedColumns(costTypes))
      .where('company_id', '=', companyId)
      .execute(),
  ]);
  const costsByJob = new Map<string, StoredRow<typeof erpJobCosts>[]>();
  for (const cost of jobCosts) {
    const costs = costsByJob.get(cost.job_number);
    if (costs) costs.push(cost);
    else costsByJob.set(cost.job_number, [cost]);
  }
  return { jobs, vendors, jobCosts: costsByJob, costCodes, costTypes: costTypeRows };
}

export type MirrorWriter = ReturnType<typeof mirrorWriter>;

/**
 * Writes what a sync read into the company's mirror, a part at a time (as each is read, in the caller's
 * transaction), and answers how many rows each part inserted or changed. Only rows that are new or differ
 * from the stored ones are written, so a second sync of unchanged ERP data writes nothing and `seen_at` is
 * when the ERP's data was last new. Upserts never touch what is ours — the links to projects and vendors
 * and the archived flag — and never delete: the ERP deletes nothing, and a standard cost code it no longer
 * lists may still be in use here.
 */
export function mirrorWriter(db: Kysely<DB>, caps: Capabilities, companyId: string, at: Date) {
  const seen = at.toISOString();
  return {
    jobs: (jobs: ErpJob[], templates: ReadonlySet<string>, stored: StoredMirror['jobs']) =>
      upsertChanged(
        db,
        caps,
        erpJobs,
        jobs.map((job) => ({
          company_id: companyId,
          job_number: job.jobNumber,
          description: job.description,
          status: job.status,
          data: toJson(job),
          is_template: templates.has(job.jobNumber) ? 1 : 0,
          linked_project_id: null,
          archived: 0,
          seen_at: seen,
        })),
        stored,
      ),
    vendors: (vendors: ErpVendor[], stored: StoredMirror['vendors']) =>
      upsertChanged(
        db,
        caps,
        erpVendors,
        vendors.map((vendor) => ({
          company_id: companyId,
          vendor_code: vendor.vendorCode,
          name: vendor.name,
          data: toJson(vendor),
          linked_vendor_id: null,
          archived: 0,
          seen_at: seen,
        })),
        stored,
      ),
    jobCosts: (jobNumber: string, costs: ErpJobCost[], stored: StoredRow<typeof erpJobCosts>[]) =>
      upsertChanged(
        db,
        caps,
        erpJobCosts,
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
        stored,
      ),
    costCodes: (codes: ErpCostCode[], stored: StoredMirror['costCodes']) =>
      upsertChanged(
        db,
        caps,
        standardCostCodes,
        codes.map((c) => ({
          company_id: companyId,
          code: c.code,
          description: c.description,
          source: 'erp',
          updated_at: seen,
        })),
        stored,
      ),
    costTypes: (types: ErpCostType[], stored: StoredMirror['costTypes']) =>
      upsertChanged(
        db,
        caps,
        costTypes,
        types.map((t) => ({
          company_id: companyId,
          code: t.code,
          description: t.description,
          kind: t.kind,
          source: 'erp',
          updated_at: seen,
        })),
        stored,
      ),
  };
}
