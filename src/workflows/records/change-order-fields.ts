import type { ChangeOrdersTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { RecordStatus } from '../shared/commitments/types.ts';
import type { LineInput } from './commitment-fields.ts';

/** What a project user edits on a commitment change order. */
export interface ChangeOrderFields {
  number: string;
  title: string;
  description?: string | null;
  status: RecordStatus;
  lines: LineInput[];
}

type Columns = Partial<Pick<ChangeOrdersTable, 'number' | 'title' | 'description' | 'status'>>;

export function changeOrderColumns(fields: Partial<ChangeOrderFields>): Columns {
  return {
    number: fields.number,
    title: fields.title,
    description: fields.description,
    status: fields.status,
  };
}

export interface ChangeOrderScope {
  actor: Actor;
  companyId: string;
  projectId: string;
  commitmentId: string;
}
