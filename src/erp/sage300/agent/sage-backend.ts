import type { SageFieldError, SageRow, SageState } from '../protocol.ts';

/**
 * What the agent needs of a Sage 300 CRE company: its state, table reads and the three write actions
 * of Sage's table writes. The simulated company is reached over HTTP; a real ODBC/import backend is one
 * more implementation of this interface.
 *
 * Failures that are not Sage's answer about the data are thrown, and the class says what the agent may
 * conclude: {@link SageUnavailableError} nothing was written, {@link SageTimeoutError} the outcome of a
 * write is unknown, {@link SageRefusedError} a read Sage cannot answer (unknown table or column).
 */
export interface SageBackend {
  company(options?: { timeoutMs?: number }): Promise<{ name: string; state: SageState }>;
  read(
    table: string,
    filter: Record<string, string>,
    since?: number,
  ): Promise<{ rows: SageRow[]; stamp: number }>;
  write(table: string, action: SageWriteAction, row: SageRow, lines?: SageRow[]): Promise<SageWriteOutcome>;
}

export type SageWriteAction = 'CreateOnly' | 'CreateOrModify' | 'ModifyOnly';

/** A row as Sage keeps it; commitments and their change orders carry their lines. */
export type StoredRow = SageRow & { lines?: SageRow[] };

export type SageWriteOutcome =
  | { kind: 'stored'; stored: StoredRow; created: boolean; warnings: string[] }
  /** CreateOnly found the key taken; `stored` is the row Sage has under it. */
  | { kind: 'exists'; stored: StoredRow; errors: SageFieldError[] }
  | { kind: 'refused'; errors: SageFieldError[] };

/** Sage could not be reached or took no write (backup lock, busy): nothing was written. */
export class SageUnavailableError extends Error {
  readonly kind = 'unavailable';
  /** @param reason words for people, e.g. "backup lock: the file is in use" */
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SageUnavailableError';
  }
}

/** A write was sent and no answer came (timed out, or the connection dropped after sending): it may have happened. */
export class SageTimeoutError extends Error {
  readonly kind = 'timeout';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SageTimeoutError';
  }
}

/** Sage cannot answer this read (an unknown table or column), in its words. Asking again will not help. */
export class SageRefusedError extends Error {
  readonly kind = 'refused';
  constructor(readonly errors: SageFieldError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'SageRefusedError';
  }
}
