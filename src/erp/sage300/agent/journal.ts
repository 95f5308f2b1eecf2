import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AgentCommandOp, CommandResult } from '../protocol.ts';

/**
 * - `attempted`: a create is (or was) on its way to Sage: written durably before the write, so that an
 *   "already exists" after an interrupted run is recognised as ours.
 * - `applied`: Sage has the row and this command put it there (or a replay proved it).
 * - `refused`: Sage refused the data; final.
 * - `not_ours`: the key was taken by someone else before this command's first attempt; final.
 */
export type JournalState = 'attempted' | 'applied' | 'refused' | 'not_ours';

export interface JournalEntry {
  key: string;
  op: AgentCommandOp;
  table: string;
  /** The natural key as Sage stores it, e.g. `{"Job":"24-1001"}`. */
  naturalKey: string;
  state: JournalState;
  result: CommandResult | undefined;
  updatedAt: string;
}

export type JournalRecord = Omit<JournalEntry, 'key' | 'updatedAt'>;

interface JournalRow {
  key: string;
  op: string;
  table_name: string;
  natural_key: string;
  state: string;
  result: string | null;
  updated_at: string;
}

/**
 * The agent's local journal: command key → outcome, at `{dataDir}/journal.sqlite`. Every write is
 * synchronous and `synchronous = FULL`, so a recorded `attempted` survives a power cut that follows it.
 */
export class Journal {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], JournalRow>;
  readonly #put: Database.Statement<[JournalRow]>;
  readonly #remove: Database.Statement<[string]>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.#db = new Database(join(dataDir, 'journal.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`create table if not exists journal (
      key text primary key,
      op text not null,
      table_name text not null,
      natural_key text not null,
      state text not null,
      result text,
      updated_at text not null
    )`);
    this.#get = this.#db.prepare('select * from journal where key = ?');
    this.#put = this.#db.prepare(
      `insert into journal (key, op, table_name, natural_key, state, result, updated_at)
       values (@key, @op, @table_name, @natural_key, @state, @result, @updated_at)
       on conflict (key) do update set op = excluded.op, table_name = excluded.table_name,
         natural_key = excluded.natural_key, state = excluded.state, result = excluded.result,
         updated_at = excluded.updated_at`,
    );
    this.#remove = this.#db.prepare('delete from journal where key = ?');
  }

  get(key: string): JournalEntry | undefined {
    const row = this.#get.get(key);
    if (!row) return undefined;
    return {
      key: row.key,
      op: row.op as AgentCommandOp,
      table: row.table_name,
      naturalKey: row.natural_key,
      state: row.state as JournalState,
      result: row.result === null ? undefined : (JSON.parse(row.result) as CommandResult),
      updatedAt: row.updated_at,
    };
  }

  record(key: string, entry: JournalRecord): void {
    this.#put.run({
      key,
      op: entry.op,
      table_name: entry.table,
      natural_key: entry.naturalKey,
      state: entry.state,
      result: entry.result === undefined ? null : JSON.stringify(entry.result),
      updated_at: new Date().toISOString(),
    });
  }

  /** Forgets a claim whose write certainly did not reach Sage. */
  remove(key: string): void {
    this.#remove.run(key);
  }

  close(): void {
    this.#db.close();
  }
}
