import { invalidState, versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import {
  type Budget,
  type BudgetChange,
  loadBudget,
  loadBudgetRow,
  touchBudget,
} from '../shared/budget-rows.ts';
import { openRequestFor } from '../shared/requests.ts';

type LockChange = Omit<BudgetChange, 'version'> & { version?: number; locked: boolean };

/** Lock or unlock; without a version the change applies to whatever version is current. */
export async function setBudgetLock(ctx: WorkflowContext, change: LockChange): Promise<Budget> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await loadBudgetRow(trx, change.companyId, change.projectId);
    const props = { ...change, version: change.version ?? row.version };
    if (row.version !== props.version) throw versionConflict();
    if ((row.locked === 1) === props.locked) {
      throw invalidState(`The budget is already ${props.locked ? 'locked' : 'unlocked'}`);
    }
    if (!props.locked) {
      const open = await openRequestFor(trx, 'budget', props.projectId);
      if (open)
        throw invalidState(`The budget is ${open.status.replaceAll('_', ' ')}: retrieve it before unlocking`);
    }
    await touchBudget(
      trx,
      props,
      props.locked ? 'budget.locked' : 'budget.unlocked',
      { locked: props.locked ? 1 : 0 },
      now,
    );
    return loadBudget(trx, props.companyId, props.projectId);
  });
}
