import type { CommitmentsTable } from '../../db/schema.ts';
import type { Minor } from '../../domain/money.ts';
import { retentionBasisPoints } from '../shared/commitments/retention.ts';
import type { CommitmentType, RecordStatus } from '../shared/commitments/types.ts';

/** A line as a project user enters it; the amount is in minor units. */
export interface LineInput {
  costCode: string;
  costType: string;
  amount: Minor;
  description?: string | null;
  /** A commitment line's item, given back to keep the line's identity when the lines are replaced. */
  item?: number | null;
}

/** What a project user edits on a commitment (a subcontract or a purchase order). */
export interface CommitmentFields {
  type: CommitmentType;
  number: string;
  title: string;
  vendorId: string;
  status: RecordStatus;
  /** Percent, 0–100, at most two decimals. */
  retentionPercent?: number | null;
  lines: LineInput[];
}

type Columns = Partial<
  Pick<CommitmentsTable, 'type' | 'number' | 'title' | 'vendor_id' | 'status' | 'retention_basis_points'>
>;

export function commitmentColumns(fields: Partial<CommitmentFields>): Columns {
  return {
    type: fields.type,
    number: fields.number,
    title: fields.title,
    vendor_id: fields.vendorId,
    status: fields.status,
    retention_basis_points: retentionBasisPoints(fields.retentionPercent),
  };
}
