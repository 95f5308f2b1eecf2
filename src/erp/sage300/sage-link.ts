import { RejectedErpError, TransientErpError } from '../connector.ts';
import type { AgentHub } from './hub/agent-hub.ts';
import type { CommandSpec } from './hub/command-store.ts';
import type { CommandResult, SageFieldError, SageRow } from './protocol.ts';

/**
 * Sage's columns as our records name them, for the field a refusal points at: a header's columns by
 * name, a line's (an error naming an `item`) as `lines.<Column>`.
 */
export type ColumnPaths = Record<string, string>;

/** A row as Sage stored it, with the lines of a commitment or change order. */
export type StoredRow = SageRow & { lines?: SageRow[] };

export type WriteAnswer =
  /** `fresh`: this run wrote it now; else an earlier run of the same command did (the agent's journal). */
  | { outcome: 'written'; stored: StoredRow; warnings: string[]; fresh: boolean }
  /** A create found its key taken; `ours` when an earlier run of the same command wrote it. */
  | { outcome: 'exists'; stored: StoredRow; ours: boolean };

/**
 * The connector's way to Sage: commands run through the company's agent (hub), answers turned into the
 * connector contract's outcomes and failure classes. Writes are keyed by the export that makes them
 * (`scope`: its request id) and the step, so a re-run of the export is the same command.
 */
export interface SageLink {
  read(
    table: string,
    filter?: Record<string, string>,
    since?: number,
  ): Promise<{ rows: SageRow[]; stamp: number }>;
  find(table: string, key: SageRow): Promise<SageRow | undefined>;
  write(
    op: 'create' | 'save' | 'modify',
    step: string,
    table: string,
    row: SageRow,
    paths: ColumnPaths,
    lines?: SageRow[],
  ): Promise<WriteAnswer>;
  state(): Promise<Extract<CommandResult, { status: 'ok' }>>;
}

export function createSageLink(
  hub: AgentHub,
  companyId: string,
  timeoutMs: number,
  scope: string | undefined,
): SageLink {
  const run = async (spec: CommandSpec, key?: string) => {
    const result = await hub.run(companyId, spec, {
      timeoutMs,
      ...(key !== undefined && { key, requestId: scope }),
    });
    if (result.status === 'unavailable' || result.status === 'unknown')
      throw new TransientErpError(`Sage 300 CRE: ${result.reason}`);
    return result;
  };
  const readOnly = async (spec: CommandSpec) => {
    const result = await run(spec);
    if (result.status !== 'ok')
      throw new TransientErpError(`The Sage agent answered a read with ${result.status}`);
    return result;
  };
  return {
    async read(table, filter, since) {
      const result = await readOnly({
        op: 'read',
        table,
        ...(filter && { filter }),
        ...(since !== undefined && { since }),
      });
      return { rows: result.rows ?? [], stamp: result.stamp ?? 0 };
    },
    async find(table, key) {
      return (await readOnly({ op: 'find', table, row: key })).rows?.[0];
    },
    async write(op, step, table, row, paths, lines) {
      // Outside an export (the contract kit's calls) a create is still one command per key, so a repeat
      // finds its own record; a save or modify is its own command each time (a later one may differ).
      const key =
        scope !== undefined
          ? `${scope}:${step}`
          : op === 'create'
            ? `direct:${step}`
            : `direct:${step}:${crypto.randomUUID()}`;
      const result = await run({ op, table, row, ...(lines && { lines }) }, key);
      if (result.status === 'refused') throw refusal(result.errors, paths);
      if (result.status === 'exists') return { outcome: 'exists', stored: result.stored, ours: result.ours };
      if (result.status !== 'ok' || !result.stored)
        throw new TransientErpError(`The Sage agent answered a write with ${result.status}`);
      return {
        outcome: 'written',
        stored: result.stored,
        warnings: result.warnings ?? [],
        fresh: result.alreadyApplied !== true,
      };
    },
    async state() {
      return readOnly({ op: 'state' });
    },
  };
}

/** Sage's refusal in its own words, pointing at our field where the column is one of ours. */
export function refusal(errors: SageFieldError[], paths: ColumnPaths): RejectedErpError {
  const first = errors[0] ?? { message: 'Sage 300 CRE refused the record' };
  const message = errors.map((error) => error.message).join('; ');
  if (!first.column) return new RejectedErpError(message);
  const path = first.item !== undefined ? paths[`lines.${first.column}`] : paths[first.column];
  return new RejectedErpError(message, path ?? first.column);
}
