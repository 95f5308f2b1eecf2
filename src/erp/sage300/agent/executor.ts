import type { AgentCommand, CommandResult, SageFormat, SageRow, SageState } from '../protocol.ts';
import type { Journal, JournalRecord } from './journal.ts';
import {
  type SageBackend,
  SageRefusedError,
  SageTimeoutError,
  SageUnavailableError,
  type SageWriteAction,
  type StoredRow,
} from './sage-backend.ts';
import { type CompanyFormat, formatTable, naturalKey, readCompanyFormat } from './sage-format.ts';

export interface Executor {
  /** Runs one command; never throws. Commands with the same key run one after the other. */
  run(command: AgentCommand): Promise<CommandResult>;
  /** Sage's state, `reachable: false` with the reason when it cannot be reached. */
  sageState(timeoutMs?: number): Promise<SageState>;
  /** The company's format, once it could be read. */
  sageFormat(): Promise<SageFormat | undefined>;
}

/** Tables written whole with their lines, keyed by the header's key. */
const linesOf: Record<string, string> = {
  JCM_MASTER__COMMITMENT: 'JCM_MASTER__COMMITMENT_LINE_ITEM',
  JCM_MASTER__COMMITMENT_CO: 'JCM_MASTER__COMMITMENT_CO_ITEM',
};

const writeActions = { save: 'CreateOrModify', modify: 'ModifyOnly' } as const satisfies Record<
  string,
  SageWriteAction
>;

/**
 * Applies the hub's commands to Sage carefully (ERP.md §3): creates are journalled before they are
 * sent and preceded by a read by natural key, so a replay never writes twice and never takes a row
 * someone else created for ours; a write whose answer was lost is `unknown` until a read settles it.
 */
export function createExecutor(backend: SageBackend, journal: Journal): Executor {
  let companyFormat: Promise<CompanyFormat> | undefined;
  const running = new Map<string, Promise<CommandResult>>();

  function loadFormat(): Promise<CompanyFormat> {
    if (!companyFormat) {
      companyFormat = backend.read(formatTable, {}).then(({ rows }) => readCompanyFormat(rows));
      // A failed read is not cached: the next command tries again.
      companyFormat.catch(() => {
        companyFormat = undefined;
      });
    }
    return companyFormat;
  }

  /**
   * The row under `row`'s natural key; a commitment or change order with its lines, as a write answers
   * it, so an earlier run's record can be compared with what this one would write.
   */
  async function findOne(
    table: string,
    row: SageRow,
  ): Promise<{ key: Record<string, string>; found?: StoredRow }> {
    const key = naturalKey(await loadFormat(), table, row);
    // Sage's own words for a table it does not have.
    if (!key) throw new SageRefusedError([{ message: 'Table or view not found' }]);
    const { rows } = await backend.read(table, key);
    const [found] = rows;
    const linesTable = linesOf[table];
    if (!found || !linesTable) return { key, found };
    const lines = (await backend.read(linesTable, key)).rows;
    return { key, found: { ...found, lines } as StoredRow };
  }

  async function create(command: AgentCommand, table: string, row: SageRow): Promise<CommandResult> {
    const entry = journal.get(command.key);
    if (entry?.state === 'applied') return replayed(entry.result);
    if ((entry?.state === 'refused' || entry?.state === 'not_ours') && entry.result) return entry.result;
    const prior = entry?.state === 'attempted';

    const { key, found } = await findOne(table, row);
    const entryOf = (state: JournalRecord['state'], result?: CommandResult): JournalRecord => ({
      op: 'create',
      table,
      naturalKey: JSON.stringify(key),
      state,
      result,
    });
    const record = (state: JournalRecord['state'], result: CommandResult): CommandResult => {
      journal.record(command.key, entryOf(state, result));
      return result;
    };
    const existing = (stored: StoredRow): CommandResult =>
      prior
        ? record('applied', { status: 'exists', stored, ours: true })
        : record('not_ours', { status: 'exists', stored, ours: false });

    if (found) return existing(found);
    if (!prior) journal.record(command.key, entryOf('attempted'));
    try {
      const outcome = await backend.write(table, 'CreateOnly', row, command.lines);
      switch (outcome.kind) {
        case 'stored':
          return record('applied', {
            status: 'ok',
            stored: outcome.stored,
            created: true,
            warnings: outcome.warnings,
          });
        case 'exists':
          return existing(outcome.stored);
        case 'refused':
          return record('refused', { status: 'refused', errors: outcome.errors });
      }
    } catch (error) {
      if (error instanceof SageUnavailableError) {
        if (!prior) journal.remove(command.key);
        return { status: 'unavailable', reason: error.reason };
      }
      if (!(error instanceof SageTimeoutError)) throw error;
      const readBack = await findOne(table, row).catch(() => ({ found: undefined }));
      if (readBack.found) return record('applied', { status: 'ok', stored: readBack.found, created: true });
      return { status: 'unknown', reason: error.reason };
    }
  }

  async function write(command: AgentCommand, table: string, row: SageRow): Promise<CommandResult> {
    const op = command.op as keyof typeof writeActions;
    const entry = journal.get(command.key);
    if (entry?.state === 'applied') return replayed(entry.result);
    const key = JSON.stringify(naturalKey(await loadFormat(), table, row) ?? {});
    const record = (state: JournalRecord['state'], result: CommandResult) => {
      journal.record(command.key, { op, table, naturalKey: key, state, result });
      return result;
    };
    try {
      const outcome = await backend.write(table, writeActions[op], row, command.lines);
      if (outcome.kind === 'stored') {
        const { stored, created, warnings } = outcome;
        return record('applied', { status: 'ok', stored, created, warnings });
      }
      return record('refused', { status: 'refused', errors: outcome.errors });
    } catch (error) {
      // Repeating a CreateOrModify or ModifyOnly is harmless, so an unknown outcome needs no read-back.
      if (error instanceof SageTimeoutError) return { status: 'unknown', reason: error.reason };
      throw error;
    }
  }

  async function execute(command: AgentCommand): Promise<CommandResult> {
    const { op, table, row } = command;
    try {
      switch (op) {
        case 'state':
          return { status: 'ok', state: await sageState(), format: await sageFormat() };
        case 'read': {
          if (!table) return missing('table');
          const { rows, stamp } = await backend.read(table, command.filter ?? {}, command.since);
          return { status: 'ok', rows, stamp };
        }
        case 'find': {
          if (!table || !row) return missing('table and row');
          const { found } = await findOne(table, row);
          return { status: 'ok', rows: found ? [found] : [] };
        }
        case 'create':
          if (!table || !row) return missing('table and row');
          return await create(command, table, row);
        case 'save':
        case 'modify':
          if (!table || !row) return missing('table and row');
          return await write(command, table, row);
        default:
          return { status: 'refused', errors: [{ message: `this agent does not know the command ${op}` }] };
      }
    } catch (error) {
      if (error instanceof SageUnavailableError) return { status: 'unavailable', reason: error.reason };
      if (error instanceof SageRefusedError) return { status: 'refused', errors: error.errors };
      const reason = `the agent failed: ${(error as Error).message}`;
      // After an unexpected failure a write may or may not have been sent: only a later run can tell.
      return op === 'create' || op === 'save' || op === 'modify'
        ? { status: 'unknown', reason }
        : { status: 'unavailable', reason };
    }
  }

  async function sageState(timeoutMs?: number): Promise<SageState> {
    try {
      return (await backend.company({ timeoutMs })).state;
    } catch (error) {
      const reason = error instanceof SageUnavailableError ? error.reason : (error as Error).message;
      return { reachable: false, writable: false, reason };
    }
  }

  async function sageFormat(): Promise<SageFormat | undefined> {
    return loadFormat().then(
      (company) => company.format,
      () => undefined,
    );
  }

  return {
    async run(command) {
      const before = running.get(command.key);
      const current = (async () => {
        await before;
        return execute(command);
      })();
      running.set(command.key, current);
      try {
        return await current;
      } finally {
        if (running.get(command.key) === current) running.delete(command.key);
      }
    },
    sageState,
    sageFormat,
  };
}

/** A command the journal has done: answered from it, nothing written again. */
function replayed(result: CommandResult | undefined): CommandResult {
  const stored = result && 'stored' in result ? result.stored : undefined;
  return { status: 'ok', stored, alreadyApplied: true };
}

function missing(what: string): CommandResult {
  return { status: 'refused', errors: [{ message: `the command names no ${what}` }] };
}
