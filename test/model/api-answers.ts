/** An API answer as test/support/api.ts gives it. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read field by field
  body: any;
}

/** Thrown when the real API answers other than the model predicted: fast-check reports the command. */
export class Mismatch extends Error {}

const show = (answer: Answer) => `${answer.status} ${JSON.stringify(answer.body)}`;

/** What is wrong with the answer when it lacks this status (and problem `code`, when given). */
export function answerProblem(answer: Answer, status: number, code?: string): string | undefined {
  if (answer.status !== status || (code !== undefined && answer.body?.code !== code))
    return `the model expects ${status}${code ? ` ${code}` : ''}, the API answered ${show(answer)}`;
  return undefined;
}

/** The answer must have this status (and problem `code`, when given). */
export function expectAnswer(what: string, answer: Answer, status: number, code?: string): void {
  const problem = answerProblem(answer, status, code);
  if (problem) throw new Mismatch(`${what}: ${problem}`);
}

/**
 * A 422 precondition_failed whose errors name `path`. A bulk item's error carries no `errors` list
 * (only its code and detail): there the code is all there is to check.
 */
export const isRefusalOn = (answer: Answer, path: string) =>
  answer.status === 422 &&
  answer.body?.code === 'precondition_failed' &&
  (answer.body.bulkItem === true ||
    (answer.body.errors as { path: string }[] | undefined)?.some((e) => e.path === path) === true);

export const refusalProblem = (answer: Answer, path: string) =>
  isRefusalOn(answer, path)
    ? undefined
    : `the model expects 422 precondition_failed on ${path}, the API answered ${show(answer)}`;
