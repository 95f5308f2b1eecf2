import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { AppError, notFound, versionConflict } from '../../domain/errors.ts';
import type { Minor } from '../../domain/money.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { assertKnownPairs } from '../shared/cost-lines.ts';
import { erpStatusOf, openRequestFor } from '../shared/requests.ts';

export interface BudgetLine {
  costCode: string;
  costType: string;
  amount: Minor;
}

export interface Budget {
  projectId: string;
  version: number;
  locked: boolean;
  lines: BudgetLine[];
  erp: { status: string; requestId?: string };
}

async function loadBudgetRow(db: Kysely<DB>, companyId: string, projectId: string) {
  const row = await db
    .selectFrom('budgets')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw notFound('Project');
  return row;
}

export async function loadBudgetLines(db: Kysely<DB>, projectId: string): Promise<BudgetLine[]> {
  const rows = await db
    .selectFrom('budget_lines')
    .select(['cost_code', 'cost_type', 'amount'])
    .where('project_id', '=', projectId)
    .orderBy('cost_code')
    .orderBy('cost_type')
    .execute();
  return rows.map((r) => ({ costCode: r.cost_code, costType: r.cost_type, amount: r.amount }));
}

export async function loadBudget(db: Kysely<DB>, companyId: string, projectId: string): Promise<Budget> {
  const row = await loadBudgetRow(db, companyId, projectId);
  const open = await openRequestFor(db, 'budget', projectId);
  return {
    projectId,
    version: row.version,
    locked: row.locked === 1,
    lines: await loadBudgetLines(db, projectId),
    erp: { status: erpStatusOf(open, row.synced_snapshot !== null), ...(open && { requestId: open.id }) },
  };
}

export interface BudgetChange {
  actor: Actor;
  companyId: string;
  projectId: string;
  version: number;
}

type LockChange = Omit<BudgetChange, 'version'> & { version?: number; locked: boolean };

/** Bumps the budget's version (optimistic locking) and writes the audit row, inside `trx`. */
async function touchBudget(
  trx: Kysely<DB>,
  change: BudgetChange,
  action: string,
  set: { locked?: 0 | 1 },
  at: Date,
  detail?: { before?: unknown; after?: unknown },
): Promise<void> {
  const updated = await trx
    .updateTable('budgets')
    .set({ ...set, version: change.version + 1, updated_at: at.toISOString() })
    .where('project_id', '=', change.projectId)
    .where('version', '=', change.version)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw versionConflict();
  await recordAudit(trx, {
    companyId: change.companyId,
    actor: change.actor,
    action,
    subjectType: 'budget',
    subjectId: change.projectId,
    ...detail,
    at,
  });
}

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
  if (row.locked) throw new AppError('invalid_state', 'The budget is locked: unlock it to change its lines');
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
  await touchBudget(trx, props, action, {}, at, {
    before: { lineCount: before.length },
    after: { lineCount: props.lines.length },
  });
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

/** Lock or unlock; without a version the change applies to whatever version is current. */
export async function setBudgetLock(ctx: WorkflowContext, change: LockChange): Promise<Budget> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const row = await loadBudgetRow(trx, change.companyId, change.projectId);
    const props = { ...change, version: change.version ?? row.version };
    if (row.version !== props.version) throw versionConflict();
    if ((row.locked === 1) === props.locked) {
      throw new AppError('invalid_state', `The budget is already ${props.locked ? 'locked' : 'unlocked'}`);
    }
    if (!props.locked) {
      const open = await openRequestFor(trx, 'budget', props.projectId);
      if (open)
        throw new AppError(
          'invalid_state',
          `The budget is ${open.status.replaceAll('_', ' ')}: retrieve it before unlocking`,
        );
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
