import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { notFound, versionConflict } from '../../domain/errors.ts';
import type { Minor } from '../../domain/money.ts';
import { recordAudit } from './audit.ts';
import type { LastOutcome } from './last-outcomes.ts';
import { erpView, recordRequestsFor } from './requests.ts';

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
  erp: { status: string; requestId?: string; lastOutcome?: LastOutcome };
}

export async function loadBudgetRow(db: Kysely<DB>, companyId: string, projectId: string) {
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
  const requests = (await recordRequestsFor(db, 'budget', [projectId]))(projectId);
  return {
    projectId,
    version: row.version,
    locked: row.locked === 1,
    lines: await loadBudgetLines(db, projectId),
    erp: erpView(row, requests, undefined),
  };
}

export interface BudgetChange {
  actor: Actor;
  companyId: string;
  projectId: string;
  version: number;
}

/** Bumps the budget's version (optimistic locking) and writes the audit row, inside `trx`. */
export async function touchBudget(
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
