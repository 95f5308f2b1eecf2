import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { writeBudgetLines } from '../records/replace-budget-lines.ts';
import type { Budget, BudgetLine } from '../shared/budget-rows.ts';
import { loadProjectRow } from '../shared/projects.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { addMissingStandardEntries, adoptJobCostCodes, readJobCosts } from './job-cost-codes.ts';

/**
 * Only a project synced with a job has estimates to import, and only into a budget the ERP does not have
 * yet (an import would overwrite what was exported) that is open for edits. Answers the job and the
 * budget's current version.
 */
async function assertImportable(
  db: Kysely<DB>,
  companyId: string,
  projectId: string,
): Promise<{ jobNumber: string; version: number }> {
  const project = await loadProjectRow(db, companyId, projectId);
  if (project.erp_job_number === null)
    throw invalidState('The project is not synced with an ERP job: there is no budget to import');
  const budget = await db
    .selectFrom('budgets')
    .select(['locked', 'synced_snapshot', 'version'])
    .where('project_id', '=', project.id)
    .executeTakeFirstOrThrow();
  if (budget.synced_snapshot !== null)
    throw invalidState('The budget is already synced with the ERP: change it and send an update');
  await assertNotAwaitingErp(db, 'budget', project.id);
  if (budget.locked === 1) throw invalidState('The budget is locked: unlock it to import');
  return { jobNumber: project.erp_job_number, version: budget.version };
}

/**
 * *Import from ERP*: the budget's lines become the job's current estimates per cost code × cost type,
 * read live (Spectrum's GetPhase reports no original estimate, ERP.md §2). The pairs become synced assignments of the project (the job has them), so the budget can
 * be sent later without a cost-code update first.
 */
export async function importBudgetFromErp(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; projectId: string; version?: number },
): Promise<Budget> {
  const { db } = ctx.database;
  const { jobNumber } = await assertImportable(db, props.companyId, props.projectId);
  const costs = await readJobCosts(ctx, props.companyId, jobNumber);
  // One line per pair, as a budget requires; a pair listed twice by an ERP is one estimate there.
  const amounts = new Map<string, BudgetLine>();
  for (const cost of costs) {
    const key = `${cost.code}\u0000${cost.costType}`;
    const line = amounts.get(key) ?? { costCode: cost.code, costType: cost.costType, amount: 0 };
    line.amount += cost.currentEstimate;
    amounts.set(key, line);
  }
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    // Checked again: the budget may have been locked or sent while the ERP was read.
    const { version } = await assertImportable(trx, props.companyId, props.projectId);
    await addMissingStandardEntries(trx, props.companyId, costs, now);
    await adoptJobCostCodes(trx, props.projectId, costs, { addMissing: true }, now);
    return writeBudgetLines(
      trx,
      { ...props, version: props.version ?? version, lines: [...amounts.values()] },
      'budget.imported_from_erp',
      now,
    );
  });
}
