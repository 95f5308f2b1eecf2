import type { Commit } from './commit.ts';
import type { SimError } from './refusal.ts';
import type { Row } from './tables.ts';

/** The job cost a commitment line or a new change order line is entered on. */
export interface JobCost {
  Job: string;
  Extra: string;
  Cost_Code: string;
  Category: string;
}

/**
 * A line on a cost code the job lacks is taken when the code is on the standard list: Sage then adds
 * it to the job (sage300-notes.md §2 row 8). Checked before anything is stored.
 */
export function checkJobCostOrStandard(
  commit: Commit,
  cost: JobCost,
  errors: SimError[],
  item: string,
): void {
  const { Job, Extra, Cost_Code } = cost;
  if (commit.store.find('JCM_MASTER__COST_CODE', { Job, Extra, Cost_Code })) return;
  if (!commit.store.find('JCM_MASTER__STANDARD_COST_CODE', { Cost_Code })) {
    errors.push({
      column: 'Cost_Code',
      item,
      message: `Cost code ${Cost_Code} is not on the job or the standard list`,
    });
  }
}

/** Adds the line's cost code and category to the job from the standard lists when the job lacks them. */
export function addMissingJobCost(commit: Commit, cost: JobCost): void {
  const { Job, Extra, Cost_Code, Category } = cost;
  if (!commit.store.find('JCM_MASTER__COST_CODE', { Job, Extra, Cost_Code })) {
    const standard = commit.store.find('JCM_MASTER__STANDARD_COST_CODE', { Cost_Code });
    commit.create('JCM_MASTER__COST_CODE', {
      Job,
      Extra,
      Cost_Code,
      Description: standard?.Description ?? '',
    });
  }
  if (!commit.store.find('JCM_MASTER__CATEGORY', { ...cost })) {
    const standard = commit.store.find('JCM_MASTER__STANDARD_CATEGORY', { Category });
    commit.create('JCM_MASTER__CATEGORY', { ...cost, Description: standard?.Description ?? '' });
  }
}

export function jobCostOf(row: Readonly<Row>): JobCost {
  return {
    Job: String(row.Job ?? ''),
    Extra: String(row.Extra ?? ''),
    Cost_Code: String(row.Cost_Code ?? ''),
    Category: String(row.Category ?? ''),
  };
}
