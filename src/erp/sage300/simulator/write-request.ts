import type { Commit } from './commit.ts';
import type { SimError } from './refusal.ts';
import type { Row } from './tables.ts';

/** The actions of Event1's TSWrite. */
export const actions = ['CreateOnly', 'CreateOrModify', 'ModifyOnly'] as const;
export type Action = (typeof actions)[number];

export interface WriteInput {
  commit: Commit;
  action: Action;
  /** The columns sent, read and typed; findings so far are in `errors`. */
  row: Row;
  /** The raw `lines` of a commitment or change order ([] for other tables). */
  lines: readonly unknown[];
  errors: SimError[];
}

export interface WriteResult {
  stored: Record<string, unknown>;
  created: boolean;
  warnings: SimError[];
}
