import { writeChangeOrder } from './change-order-writes.ts';
import { Commit } from './commit.ts';
import { writeCommitment } from './commitment-writes.ts';
import { writeCategory, writeCostCode } from './cost-code-writes.ts';
import type { CompanyFormat } from './format.ts';
import { writeExtra, writeJob } from './job-writes.ts';
import { type SimError, WriteRefusal } from './refusal.ts';
import { readColumns } from './row-checks.ts';
import type { Sage300Store } from './store.ts';
import { isTableName, type TableName } from './tables.ts';
import { writeVendor } from './vendor-writes.ts';
import { type Action, actions, type WriteInput, type WriteResult } from './write-request.ts';

interface Writer {
  actions: readonly Action[];
  /** Written whole: header and `lines` in one write. */
  lines?: boolean;
  write(input: WriteInput): WriteResult;
}

/** The tables Sage lets us write, with the TSWrite actions each allows (sage300-simulator.md, Rules). */
const writers: Partial<Record<TableName, Writer>> = {
  JCM_MASTER__JOB: { actions: ['CreateOnly'], write: writeJob },
  JCM_MASTER__EXTRA: { actions: ['CreateOnly'], write: writeExtra },
  JCM_MASTER__COST_CODE: { actions: ['CreateOrModify'], write: writeCostCode },
  JCM_MASTER__CATEGORY: { actions: ['CreateOrModify'], write: writeCategory },
  APM_MASTER__VENDOR: { actions: ['CreateOnly', 'ModifyOnly'], write: writeVendor },
  JCM_MASTER__COMMITMENT: { actions: ['CreateOnly'], lines: true, write: writeCommitment },
  JCM_MASTER__COMMITMENT_CO: { actions: ['CreateOnly'], lines: true, write: writeChangeOrder },
};

export interface WriteAnswer {
  status: number;
  body: unknown;
  /** The stamp of what the write stored, if it stored anything. */
  stamp?: number;
}

/**
 * Answers `POST /write`: checks and alterations, then every row of the write in one SQLite
 * transaction (header, lines, job costs added from the standards, stamp, counters). Everything runs
 * synchronously at commit time, so a CreateOnly key check cannot race another write.
 */
export function answerWrite(
  store: Sage300Store,
  format: CompanyFormat,
  today: string,
  body: unknown,
): WriteAnswer {
  const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const table = String(request.table ?? '');
  if (!isTableName(table)) return { status: 404, body: { errors: [{ message: 'Table or view not found' }] } };
  const commit = new Commit(store, format, today);
  try {
    const result = store.transaction(() => {
      const action = String(request.action ?? '') as Action;
      const writer = writers[table];
      if (!actions.includes(action))
        refuse({ column: 'action', message: `${action} is not a TSWrite action` });
      if (!writer?.actions.includes(action)) refuse({ message: `${action} is not allowed on ${table}` });
      const lines = request.lines ?? [];
      if (!Array.isArray(lines)) refuse({ column: 'lines', message: 'lines must be a list' });
      if (!writer.lines && lines.length) {
        refuse({ column: 'lines', message: `${table} is written without lines` });
      }
      const errors: SimError[] = [];
      const row = readColumns(table, request.row, errors);
      return writer.write({ commit, action, row, lines, errors });
    });
    return { status: 200, body: result, ...(commit.stamp === undefined ? {} : { stamp: commit.stamp }) };
  } catch (error) {
    if (!(error instanceof WriteRefusal)) throw error;
    store.countReject();
    const answer =
      error.stored === undefined ? { errors: error.errors } : { errors: error.errors, stored: error.stored };
    return { status: error.status, body: answer };
  }
}

function refuse(error: SimError): never {
  throw new WriteRefusal(422, [error]);
}
