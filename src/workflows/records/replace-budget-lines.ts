import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalidState, versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { auditedBudgetLines } from '../shared/audited-lines.ts';
import {
  type Budget,
  type BudgetChange,
  type BudgetLine,
  loadBudget,
  loadBudgetLines,
  loadBudgetRow,
  touchBudget,
} from '../shared/budget-rows.ts';
import { assertExactTotal, assertKnownPairs } from './cost-lines.ts';

const insertBatch = 1000;

/**
 * Replaces every line inside `trx`: the version must be current, the budget unlocked and each pair on the
 * company's lists; the audit row is `action` (a project user's edit, or an import from the ERP).
 */
export async function writeBudgetLines(
  trx: Kysely<DB>,
  props: BudgetChange & { lines: BudgetLine[] },
  action: string,
  at: Date,
): Promise<Budget> {
  const row = await loadBudgetRow(trx, props.companyId, props.projectId);
  if (row.version !== props.version) throw versionConflict();
  if (row.locked) throw invalidState('The budget is locked: unlock it to change its lines');
  assertExactTotal(props.lines);
  await assertKnownPairs(trx, props.companyId, props.lines, { onePerPair: true });
  const before = await loadBudgetLines(trx, props.projectId);
  await trx.deleteFrom('budget_lines').where('project_id', '=', props.projectId).execute();
  for (let i = 0; i < props.lines.length; i += insertBatch) {
    await trx
      .insertInto('budget_lines')
      .values(
        props.lines.slice(i, i + insertBatch).map((l) => ({
          project_id: props.projectId,
          cost_code: l.costCode,
          cost_type: l.costType,
          amount: l.amount,
        })),
      )
      .execute();
  }
  await touchBudget(trx, props, action, {}, at, auditedBudgetLines(before, props.lines));
  return loadBudget(trx, props.companyId, props.projectId);
}

export async function replaceBudgetLines(
  ctx: WorkflowContext,
  props: BudgetChange & { lines: BudgetLine[] },
): Promise<Budget> {
  const now = ctx.clock.now();
  return ctx.database.db
    .transaction()
    .execute((trx) => writeBudgetLines(trx, props, 'budget.lines_replaced', now));
}
