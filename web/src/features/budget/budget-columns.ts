import type { LineGridColumn } from '../../ui/line-grid.tsx';
import type { ProjectCostCode } from '../projects/project-queries.ts';
import type { BudgetLine } from './budget-queries.ts';

/**
 * S13's LineGrid columns: Cost code · Description · Cost type · Amount. A line's cost code and cost type
 * are chosen from the project's cost codes and their assigned types, so every pair is one the project has.
 */
export function budgetColumns(codes: readonly ProjectCostCode[]): LineGridColumn<BudgetLine>[] {
  const byCode = new Map(codes.map((code) => [code.code, code]));
  const codeOptions = codes.map((code) => ({ value: code.code, label: code.code }));
  const typesOf = (costCode: string) => byCode.get(costCode)?.costTypes ?? [];
  return [
    {
      id: 'costCode',
      header: 'Cost code',
      kind: 'select',
      width: '9rem',
      value: (line) => line.costCode,
      // A type the new code doesn't have is cleared (or set when the code has just one).
      set: (line, costCode) => {
        const types = typesOf(costCode);
        const keep = types.some((t) => t.code === line.costType);
        const only = types.length === 1 ? (types[0]?.code ?? '') : '';
        return { ...line, costCode, costType: keep ? line.costType : only };
      },
      options: () => codeOptions,
    },
    {
      id: 'description',
      header: 'Description',
      kind: 'text',
      value: (line) => byCode.get(line.costCode)?.description ?? '',
    },
    {
      id: 'costType',
      header: 'Cost type',
      kind: 'select',
      width: '7rem',
      value: (line) => line.costType,
      set: (line, costType) => ({ ...line, costType }),
      options: (line) => typesOf(line.costCode).map((t) => ({ value: t.code, label: t.code })),
    },
    {
      id: 'amount',
      header: 'Amount',
      kind: 'money',
      width: '11rem',
      value: (line) => line.amount,
      set: (line, amount) => ({ ...line, amount }),
    },
  ];
}

export const budgetAmount = (line: BudgetLine) => line.amount;
export const newBudgetLine = (): BudgetLine => ({ costCode: '', costType: '', amount: '0.00' });
