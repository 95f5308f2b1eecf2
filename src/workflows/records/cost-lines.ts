import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalidField, type ProblemDetail, validationFailed } from '../../domain/errors.ts';
import { type Minor, sumMoney } from '../../domain/money.ts';

export interface CostPair {
  costCode: string;
  costType: string;
}

/**
 * Checks every line's cost code against the company's standard list and its cost type against the
 * company's cost types, in memory (two queries whatever the number of lines). With `onePerPair`, a pair
 * may appear once only (budgets). Answers 400 naming each offending line.
 */
export async function assertKnownPairs(
  db: Kysely<DB>,
  companyId: string,
  lines: CostPair[],
  { onePerPair = false } = {},
): Promise<void> {
  const codes = new Set(
    (
      await db.selectFrom('standard_cost_codes').select('code').where('company_id', '=', companyId).execute()
    ).map((r) => r.code),
  );
  const types = new Set(
    (await db.selectFrom('cost_types').select('code').where('company_id', '=', companyId).execute()).map(
      (r) => r.code,
    ),
  );
  const seen = new Set<string>();
  const problems: ProblemDetail[] = [];
  lines.forEach((line, i) => {
    const key = `${line.costCode}\u0000${line.costType}`;
    if (onePerPair && seen.has(key)) {
      problems.push({
        path: `lines[${i}]`,
        message: `${line.costCode} × ${line.costType} appears twice; one line per pair`,
      });
    }
    seen.add(key);
    if (!codes.has(line.costCode)) {
      problems.push({
        path: `lines[${i}].costCode`,
        message: `${line.costCode} is not on the standard cost code list`,
      });
    }
    if (!types.has(line.costType)) {
      problems.push({
        path: `lines[${i}].costType`,
        message: `${line.costType} is not a cost type of the company`,
      });
    }
  });
  if (problems.length) throw validationFailed(problems);
}

/**
 * Every amount fits, but thousands of large ones may not add up to an exact total: refuse those lines
 * (400) rather than store a record whose total cannot be shown.
 */
export function assertExactTotal(lines: readonly { amount: Minor }[] | undefined): void {
  if (lines === undefined) return;
  try {
    sumMoney(lines.map((l) => l.amount));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw invalidField('lines', 'the total of the lines is too large to represent exactly');
  }
}
