/** The failure codes of the public contract (API.md); the HTTP layer maps each to its status. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'version_conflict'
  | 'invalid_state'
  | 'precondition_failed'
  | 'rate_limited'
  /** An `Idempotency-Key` already used with another request. */
  | 'idempotency_key_reused'
  /** An `Idempotency-Key` whose first request is still running. */
  | 'idempotency_key_in_use';

export interface ProblemDetail {
  path: string;
  message: string;
}

/** A failure the caller can act on; anything else that escapes a workflow is a bug. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: ProblemDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const invalidField = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, [{ path, message }]);
export const versionConflict = () =>
  new AppError('version_conflict', 'The record was changed by someone else; reload it and try again');
/** The record's state forbids the action (locked, synced, already acted on). */
export const invalidState = (detail: string, errors?: ProblemDetail[]) =>
  new AppError('invalid_state', detail, errors);
/** The action's own preconditions are not met yet (ordering rules, what the ERP would refuse). */
export const preconditionFailed = (detail: string, errors?: ProblemDetail[]) =>
  new AppError('precondition_failed', detail, errors);
/** One 400 naming every problem; the detail quotes the first five (a list may have thousands). */
export function validationFailed(problems: ProblemDetail[]): AppError {
  const detail = problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return new AppError('validation_failed', detail, problems);
}
