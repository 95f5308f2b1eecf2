import { ApiError, type ProblemError } from '../../api/client.ts';

/** A commitment or change-order line as the form edits it; `item` (commitments only) keeps its ERP key. */
export interface CostLine {
  costCode: string;
  costType: string;
  amount: string;
  description: string | null;
  item?: number | undefined;
}

const linePath = /^lines(\[\d+\]|$)/;

/** The lines as the API takes them: a blank description is `null`; `item` only where the line has one. */
export function linesBody(lines: readonly CostLine[]) {
  return lines.map(({ costCode, costType, amount, description, item }) => ({
    costCode,
    costType,
    amount,
    description: description?.trim() ? description.trim() : null,
    ...(item !== undefined && { item }),
  }));
}

/** "Line 4: 05-100 is not on the standard cost code list" for a finding at `lines[3].costCode`. */
export function lineMessage(error: ProblemError): string {
  const index = /^lines\[(\d+)\]/.exec(error.path)?.[1];
  return index === undefined ? error.message : `Line ${Number(index) + 1}: ${error.message}`;
}

/**
 * A failed save split in two: the findings about lines (shown with the lines) and the rest, still an
 * `ApiError`, for the form's one handler (`applySaveError`); `rest` is undefined when lines were all of it.
 */
export function splitLineErrors(error: unknown): { lineErrors: ProblemError[]; rest: unknown } {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return { lineErrors: [], rest: error };
  const lineErrors = error.problem.errors.filter((e) => linePath.test(e.path));
  if (lineErrors.length === 0) return { lineErrors, rest: error };
  const others = error.problem.errors.filter((e) => !lineErrors.includes(e));
  return {
    lineErrors,
    rest: others.length > 0 ? new ApiError({ ...error.problem, errors: others }) : undefined,
  };
}
