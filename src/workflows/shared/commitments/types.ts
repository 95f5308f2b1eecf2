import type { CommitmentsTable } from '../../../db/schema.ts';
import type { Minor } from '../../../domain/money.ts';
import type { LastOutcome } from '../last-outcomes.ts';
import type { RecordStamps } from '../record-stamps.ts';

export type CommitmentType = CommitmentsTable['type'];
export type RecordStatus = CommitmentsTable['status'];

/** A schedule-of-values line of a commitment or a change order; the amount is in minor units. */
export interface CommitmentLine {
  costCode: string;
  costType: string;
  amount: Minor;
  description: string | null;
  /** Commitment lines only: the line's number for its life, never reused (the ERP keys lines by it). */
  item?: number;
}

/** What the ERP side of a commitment or change order shows: `ids` once the ERP stored it. */
export interface RecordErp {
  status: string;
  requestId?: string;
  ids?: Record<string, string>;
  lastOutcome?: LastOutcome;
}

export interface CommitmentHead extends RecordStamps {
  id: string;
  version: number;
  projectId: string;
  type: CommitmentType;
  number: string;
  title: string;
  vendorId: string;
  status: RecordStatus;
  /** Percent with at most two decimals (stored as basis points). */
  retentionPercent: number | null;
  /** Minor units. */
  total: Minor;
  erp: RecordErp;
}

export interface Commitment extends CommitmentHead {
  lines: ItemLine[];
}

/** A commitment's line: it always has its item. */
export type ItemLine = CommitmentLine & { item: number };

/** A list entry: the commitment without its lines (a commitment may have thousands). */
export interface CommitmentSummary extends CommitmentHead {
  lineCount: number;
}

export interface ChangeOrderHead extends RecordStamps {
  id: string;
  version: number;
  commitmentId: string;
  projectId: string;
  number: string;
  title: string;
  description: string | null;
  status: RecordStatus;
  /** Minor units. */
  total: Minor;
  erp: RecordErp;
}

export interface ChangeOrder extends ChangeOrderHead {
  lines: CommitmentLine[];
}

export interface ChangeOrderSummary extends ChangeOrderHead {
  lineCount: number;
}
