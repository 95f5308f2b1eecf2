import type { Kysely } from 'kysely';
import { fromJson } from '../../../db/json.ts';
import type { DB } from '../../../db/schema.ts';
import { preconditionFailed } from '../../../domain/errors.ts';
import { formatMoney, sumMoney } from '../../../domain/money.ts';
import { loadBudgetLines } from '../budget-rows.ts';
import { loadProjectRow } from '../projects.ts';
import type { SendSubject, SubjectRef } from './index.ts';
import { unsyncedPairs } from './unsynced-pairs.ts';

/** A project's budget; once the ERP has it, only the lines that changed since. */
export async function budgetSubject(
  db: Kysely<DB>,
  { companyId, projectId }: Extract<SubjectRef, { kind: 'budget' }>,
): Promise<SendSubject> {
  const project = await loadProjectRow(db, companyId, projectId);
  const budget = await db
    .selectFrom('budgets')
    .selectAll()
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const lines = await loadBudgetLines(db, projectId);
  const current = lines.map((l) => ({
    costCode: l.costCode,
    costType: l.costType,
    amount: formatMoney(l.amount),
  }));
  const synced = fromJson<{ lines: typeof current }>(budget.synced_snapshot);
  let requestedUpdates: unknown = null;
  if (synced) {
    const key = (l: { costCode: string; costType: string }) => `${l.costCode}\u0000${l.costType}`;
    const before = new Map(synced.lines.map((l) => [key(l), l.amount]));
    const after = new Map(current.map((l) => [key(l), l.amount]));
    const changes = [...new Set([...before.keys(), ...after.keys()])].flatMap((k) => {
      const [costCode, costType] = k.split('\u0000') as [string, string];
      const was = before.get(k) ?? null;
      const now = after.get(k) ?? null;
      return was === now ? [] : [{ costCode, costType, before: was, after: now }];
    });
    if (changes.length === 0)
      throw preconditionFailed('Nothing changed since the budget was synced', [
        { path: 'lines', message: 'no line changed' },
      ]);
    requestedUpdates = { lines: changes };
  }
  return {
    kind: 'budget',
    subjectId: projectId,
    label: `${project.erp_job_number ?? project.number ?? project.name} budget`,
    update: synced !== null,
    snapshot: {
      projectId,
      jobNumber: project.erp_job_number,
      lines: current,
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
    },
    requestedUpdates,
    facts: {
      kind: 'budget',
      projectSynced: project.synced_snapshot !== null,
      locked: budget.locked === 1,
      lineCount: lines.length,
      unsyncedPairs: await unsyncedPairs(db, projectId, lines),
    },
    preflightView: {
      lines: lines.map((l) => ({ code: l.costCode, costType: l.costType, amount: l.amount })),
    },
    preflightRules: (d) => d.fields.budget,
    assignments: [],
  };
}
