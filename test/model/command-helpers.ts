import type fc from 'fast-check';
import type { Model, ModelRecord, ModelRequest } from './model-state.ts';
import type { ModelRun } from './model-world.ts';

/** What the commands of the model share. */
export type ModelCommand = fc.AsyncCommand<Model, ModelRun>;

/** Records of a kind per run, at most: runs stay short, and keys collide among few. */
export const maxPerKind = 4;
/** `n` chooses among `list` (commands are drawn before the records they act on exist). */
export const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length ? list[n % list.length] : undefined;

/** A version the record or request does not have (≥ 1: a version 0 would be a malformed request). */
export const wrongVersion = (version: number) => (version > 1 ? version - 1 : version + 1);

/** How a counterexample names a record or request: what the command's picks resolved to in its run. */
export const nameOf = (record: ModelRecord) =>
  `${record.kind} ${record.index}${record.number ? ` ${record.number}` : ''}${record.name ? ` "${record.name}"` : ''}`;
export const nameOfRequest = (m: Model, request: ModelRequest) =>
  `request ${request.index} of ${nameOf(m.records[request.record]!)} (${request.status})`;
/** A command's plan, then what it did in the run that failed (set by run()). */
export const shown = (plan: string, did: string) => (did ? `${plan} /* ${did} */` : plan);

/** Requests whose state the model knows: not exporting (how an export ends is learnt when it settles). */
export const knownRequests = (model: Model) => model.requests.filter((r) => r.status !== 'exporting');
