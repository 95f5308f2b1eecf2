import { Type } from 'typebox';
import { formatMoney } from '../../domain/money.ts';
import type { Budget } from '../../workflows/shared/budget-rows.ts';
import { ErpLastOutcome, Id, Money, named } from '../schemas.ts';

/** A project's budget as the API shows it: amounts as decimal strings, with their total. */
export const BudgetView = named(
  'Budget',
  Type.Object({
    version: Type.Integer(),
    locked: Type.Boolean(),
    lines: Type.Array(Type.Object({ costCode: Type.String(), costType: Type.String(), amount: Money })),
    total: Money,
    erp: Type.Object({
      status: Type.String(),
      requestId: Type.Optional(Id),
      lastOutcome: Type.Optional(ErpLastOutcome),
    }),
  }),
);

export const presentBudget = (budget: Budget) => {
  const lines = budget.lines.map((l) => ({ ...l, amount: formatMoney(l.amount) }));
  const total = formatMoney(budget.lines.reduce((sum, l) => sum + l.amount, 0));
  return { version: budget.version, locked: budget.locked, lines, total, erp: budget.erp };
};
