/** One finding in Sage's words: the column it is about, and for a line its `Item`. */
export interface SimError {
  column?: string;
  item?: string;
  message: string;
}

/** Thrown inside a write's transaction, which rolls it back: 422 refused, 409 the key exists (`stored`). */
export class WriteRefusal extends Error {
  constructor(
    readonly status: 409 | 422,
    readonly errors: SimError[],
    readonly stored?: unknown,
  ) {
    super(errors.map((error) => error.message).join('; '));
  }
}

/** Refuses with everything found so far, if anything was. */
export function refuseIfAny(errors: readonly SimError[]): void {
  if (errors.length) throw new WriteRefusal(422, [...errors]);
}
