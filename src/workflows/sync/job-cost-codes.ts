import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { preconditionFailed } from '../../domain/errors.ts';
import {
  type ErpJobCost,
  NotConnectedErpError,
  RejectedErpError,
  TransientErpError,
} from '../../erp/connector.ts';
import type { WorkflowContext } from '../context.ts';

/** A job's cost codes as they bring a project in line with its ERP job (import, link, budget import). */

const pairKey = (code: string, costType: string) => `${code}\u0000${costType}`;

/** Rows per INSERT: a job may have thousands of phases, more than one statement's parameters allow. */
const insertBatch = 1000;
function* batches<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += insertBatch) yield rows.slice(i, i + insertBatch);
}

/**
 * The job's cost codes × cost types with their estimates, read live: what the ERP has now, not what the
 * last sync saw. An ERP that cannot answer is the caller's to fix or wait for (422 naming the ERP),
 * never a 500.
 */
export async function readJobCosts(
  ctx: WorkflowContext,
  companyId: string,
  jobNumber: string,
): Promise<ErpJobCost[]> {
  try {
    const connector = await ctx.erp.forCompany(companyId);
    return await connector.listJobCosts(jobNumber);
  } catch (error) {
    const erpFailure =
      error instanceof NotConnectedErpError ||
      error instanceof TransientErpError ||
      error instanceof RejectedErpError;
    if (!erpFailure) throw error;
    throw preconditionFailed(`The ERP could not be read: ${error.message}`, [
      { path: 'erp', message: error.message },
    ]);
  }
}

/**
 * Adds the job's cost codes and cost types missing from the company's lists, marked as the ERP's; an
 * existing entry is left as it is. Answers the codes added to the standard list.
 */
export async function addMissingStandardEntries(
  trx: Kysely<DB>,
  companyId: string,
  costs: ErpJobCost[],
  at: Date,
): Promise<string[]> {
  if (costs.length === 0) return [];
  const updated_at = at.toISOString();
  const codes = [...new Map(costs.map((c) => [c.code, c.description]))];
  const added: string[] = [];
  for (const batch of batches(codes)) {
    const inserted = await trx
      .insertInto('standard_cost_codes')
      .values(
        batch.map(([code, description]) => ({
          company_id: companyId,
          code,
          description,
          source: 'erp' as const,
          updated_at,
        })),
      )
      .onConflict((oc) => oc.columns(['company_id', 'code']).doNothing())
      .returning('code')
      .execute();
    added.push(...inserted.map((r) => r.code));
  }
  // A cost type the standard job does not use: the next sync gives it the ERP's description and kind.
  await trx
    .insertInto('cost_types')
    .values(
      [...new Set(costs.map((c) => c.costType))].map((code) => ({
        company_id: companyId,
        code,
        description: code,
        kind: 'other',
        source: 'erp' as const,
        updated_at,
      })),
    )
    .onConflict((oc) => oc.columns(['company_id', 'code']).doNothing())
    .execute();
  return added.sort();
}

/**
 * Marks the project's cost-code assignments that the ERP job has as `synced`; with `addMissing`, the
 * job's other assignments are added to the project as `synced` too. Assignments of an open request
 * (`pending`) are left to its export. Answers how many assignments became synced.
 */
export async function adoptJobCostCodes(
  trx: Kysely<DB>,
  projectId: string,
  costs: ErpJobCost[],
  options: { addMissing: boolean },
  at: Date,
): Promise<number> {
  const existing = await trx
    .selectFrom('project_cost_codes')
    .select(['code', 'cost_type', 'erp_status'])
    .where('project_id', '=', projectId)
    .execute();
  const status = new Map(existing.map((r) => [pairKey(r.code, r.cost_type), r.erp_status]));
  const pairs = [...new Map(costs.map((c) => [pairKey(c.code, c.costType), c])).values()];
  const toMark = pairs.filter((p) => status.get(pairKey(p.code, p.costType)) === 'not_sent');
  const toAdd = options.addMissing ? pairs.filter((p) => !status.has(pairKey(p.code, p.costType))) : [];
  for (const pair of toMark) {
    await trx
      .updateTable('project_cost_codes')
      .set({ erp_status: 'synced' })
      .where('project_id', '=', projectId)
      .where('code', '=', pair.code)
      .where('cost_type', '=', pair.costType)
      .execute();
  }
  for (const batch of batches(toAdd)) {
    await trx
      .insertInto('project_cost_codes')
      .values(
        batch.map((p) => ({
          project_id: projectId,
          code: p.code,
          cost_type: p.costType,
          erp_status: 'synced' as const,
          created_at: at.toISOString(),
        })),
      )
      .execute();
  }
  return toMark.length + toAdd.length;
}
