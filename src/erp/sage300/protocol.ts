/**
 * The agent ↔ hub protocol (ERP.md §3), shared by the hub (the Ledgergate server) and the on-premise
 * agent (`ledgergate agent run`). JSON messages, the same over both transports:
 *
 * - **WebSocket** `GET {hub}/agent/v1/connect` with `Authorization: Bearer <agentKey>`: the agent sends
 *   `hello` once, then a `heartbeat` every 10 s and a `result` per command; the hub sends `command`s the
 *   moment they are queued, and on every (re)connect everything the agent has not answered yet.
 * - **Long polling** `POST {hub}/agent/v1/poll` (same Bearer key), body {@link PollRequest}: the hub
 *   holds the call up to 25 s until it has commands, and answers {@link PollAnswer}. Each poll is also
 *   a heartbeat. Results go at once by `POST {hub}/agent/v1/results` {@link ResultsRequest} → 204.
 * - **Pairing** `POST {hub}/agent/v1/activate` `{ code, version, hostname }` → 201 {@link Activation}.
 *
 * Commands speak Sage's own tables and columns; the hub's connector maps our records onto them, so the
 * agent stays a thin, careful executor (journal, read-before-create, read-back of unknown outcomes).
 */

/** Sage's state as the agent sees it. */
export interface SageState {
  /** The agent can read the company's data. */
  reachable: boolean;
  /** Writes would be taken now (no backup lock, a licence free…). */
  writable: boolean;
  /** Why not, in words for people, e.g. "backup lock: the file is in use". */
  reason?: string;
}

/** What the agent learnt of the company's format table (`TS_CTL_RECORD_3`). */
export interface SageFormat {
  /**
   * e.g. `XX-XXXX`, in the masks' vocabulary (`#` digit, `A` letter, `X` either): `X` a character of a
   * section (letter or digit), anything else the section's punctuation.
   */
  jobMask: string;
  /** e.g. `XX-XXX`. */
  costCodeMask: string;
  /** Longest commitment id the company takes (≤12). */
  commitmentIdLength: number;
}

export type SageRow = Record<string, string | number | boolean | null>;

/** A column Sage named in a refusal, with its words. */
export interface SageFieldError {
  column?: string;
  /** The line (its `Item`) of a commitment or change order the error is about. */
  item?: string;
  message: string;
}

/**
 * - `state`: Sage's state and format, no table touched.
 * - `read`: rows of `table` whose columns equal `filter`; with `since`, only rows modified after that
 *   stamp (Sage's modification stamps; the answer carries the newest).
 * - `find`: the row of `table` under the natural key in `row` (the agent formats key columns the way
 *   Sage stores them first, e.g. job `241001` → `24-1001`); `rows` holds it or is empty.
 * - `create` (Sage's CreateOnly): jobs, extras, vendors, commitments (with `lines`), commitment change
 *   orders (with `lines`). The agent journals the attempt first and reads Sage by natural key: an
 *   existing row is reported `exists`, ours only when this command's key attempted it before.
 * - `save` (CreateOrModify): cost codes, categories and their estimates.
 * - `modify` (ModifyOnly): columns of an existing row (a vendor).
 */
export type AgentCommandOp = 'state' | 'read' | 'find' | 'create' | 'save' | 'modify';

export interface AgentCommand {
  /** The hub's id of the command. */
  id: string;
  /**
   * Idempotency key: the export's request id, its step and the natural key it writes (e.g.
   * `r_123:job:24-1001`). The agent journals outcomes under it; a command sent again answers from there.
   */
  key: string;
  op: AgentCommandOp;
  table?: string;
  filter?: Record<string, string>;
  since?: number;
  row?: SageRow;
  lines?: SageRow[];
}

export type CommandResult =
  /** Done. `stored` is the row as Sage keeps it (its key formatted, its values altered); `rows` answer reads. */
  | {
      status: 'ok';
      stored?: SageRow & { lines?: SageRow[] };
      created?: boolean;
      /** The agent's journal already had this command done: nothing was written again. */
      alreadyApplied?: boolean;
      warnings?: string[];
      rows?: SageRow[];
      stamp?: number;
      state?: SageState;
      format?: SageFormat;
    }
  /** A create found its key taken. `ours`: by an earlier run of this same command (a write whose answer was lost). */
  | { status: 'exists'; stored: SageRow & { lines?: SageRow[] }; ours: boolean }
  /** Sage refused the data, in Sage's words. Final. */
  | { status: 'refused'; errors: SageFieldError[] }
  /** Sage could not be reached or took no writes (backup lock, dropped connection): try again later. */
  | { status: 'unavailable'; reason: string }
  /** A write whose outcome is not known yet (it timed out, and no read-back has settled it): try again later. */
  | { status: 'unknown'; reason: string };

export interface Hello {
  type: 'hello';
  version: string;
  sage: SageState;
  format?: SageFormat;
}

export interface Heartbeat {
  type: 'heartbeat';
  version: string;
  sage: SageState;
  format?: SageFormat;
}

export interface ResultMessage {
  type: 'result';
  id: string;
  key: string;
  result: CommandResult;
}

export interface CommandMessage {
  type: 'command';
  command: AgentCommand;
}

export type AgentMessage = Hello | Heartbeat | ResultMessage;
export type HubMessage = CommandMessage;

export interface PollRequest {
  version: string;
  sage: SageState;
  format?: SageFormat;
}

export interface ResultsRequest {
  results: Omit<ResultMessage, 'type'>[];
}

export interface PollAnswer {
  commands: AgentCommand[];
}

export interface Activation {
  agentKey: string;
  companyId: string;
  companyName: string;
}

/** How often the agent says it is alive; the hub calls it offline after three missed beats. */
export const heartbeatIntervalMs = 10_000;
export const offlineAfterMs = 30_000;
/** Longest a poll is held. */
export const pollHoldMs = 25_000;

export const agentPaths = {
  connect: '/agent/v1/connect',
  poll: '/agent/v1/poll',
  results: '/agent/v1/results',
  activate: '/agent/v1/activate',
} as const;
