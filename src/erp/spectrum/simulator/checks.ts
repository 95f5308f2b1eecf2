import type { ElementSpec, TextRule } from './elements.ts';
import { canonicalNumber, numberProblem, parseDate } from './formats.ts';
import { SuperSelectError, superSelect } from './super-select.ts';

/** A request's parameters by element name, every documented one present (possibly empty). */
export type Params = Readonly<Record<string, string>>;

/**
 * SDX codes (spectrum-sdx §3): `A` abort, `I` invalid value, `M` missing, `G` good with information in
 * `desc`, `W` warning (Get services).
 */
export type ErrorCode = 'A' | 'I' | 'M' | 'G' | 'W';

export interface ErrorRecord {
  code: ErrorCode;
  desc: string;
  column: string;
}

/**
 * Collects a request's error records, at most one per column (the first problem found), so that a
 * client sees every bad column of one level at once, as SDX answers.
 */
export class Checks {
  readonly errors: ErrorRecord[] = [];

  /** True while no error names the column: later rules on a failed column are skipped. */
  passed(column: string): boolean {
    return !this.errors.some((error) => error.column === column);
  }

  reject(code: ErrorCode, column: string, desc: string): void {
    if (this.passed(column)) this.errors.push({ code, desc, column });
  }

  missing(column: string, why = ''): void {
    this.reject('M', column, `${column} is required${why ? ` ${why}` : ''}`);
  }

  invalid(column: string, desc: string): void {
    this.reject('I', column, desc);
  }
}

/**
 * Cuts over-long text to its Max, as Spectrum silently does (spectrum-sdx §4; brief §1): the value is
 * stored cut, never refused. Numbers and dates are not text: an over-long one is an `I` at level 2.
 * The GUID is checked, not cut (access.ts).
 */
export function truncateTexts(
  elements: readonly ElementSpec[],
  params: Params,
): { params: Params; truncated: string[] } {
  const truncated: string[] = [];
  const result: Record<string, string> = { ...params };
  for (const element of elements) {
    const value = params[element.name] ?? '';
    if (element.kind !== 'text' || element.name === 'GUID' || value.length <= element.max) continue;
    result[element.name] = value.slice(0, element.max);
    truncated.push(element.name);
  }
  return { params: result, truncated };
}

const keyCharacters = /[/*?"'><#,&~]/;

const textRules: Record<TextRule, { test: (value: string) => boolean; says: string }> = {
  key: {
    test: (value) => !keyCharacters.test(value),
    says: `must not contain any of / * ? " ' > < # , & ~`,
  },
  noDashes: { test: (value) => !value.includes('-'), says: 'must be sent without dashes' },
  noCommas: { test: (value) => !value.includes(','), says: 'must not contain commas' },
  upperAlnum: {
    test: (value) => /^[A-Z0-9]+$/.test(value),
    says: 'must be upper case letters and digits only',
  },
  email: { test: (value) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value), says: 'must be an email address' },
};

/**
 * Level 2 (spectrum-sdx §3): type, number format, date, allowed values and the generic text rules of
 * every sent element. Answers the errors in parameter order and the values as they are stored:
 * numbers canonical (`007.50` → `7.5`), dates with slashes, UDFs dropped (none is mapped).
 */
export function checkValues(
  elements: readonly ElementSpec[],
  params: Params,
): { errors: ErrorRecord[]; values: Params } {
  const errors: ErrorRecord[] = [];
  const values: Record<string, string> = { ...params };
  for (const element of elements) {
    const value = params[element.name] ?? '';
    if (element.kind === 'udf') {
      values[element.name] = '';
      continue;
    }
    if (value === '') continue;
    const problem = valueProblem(element, value);
    if (problem) {
      errors.push({ code: 'I', desc: `${element.name} ${problem}`, column: element.name });
    } else if (element.kind === 'numeric') {
      values[element.name] = canonicalNumber(value) ?? value;
    } else if (element.kind === 'date') {
      values[element.name] = parseDate(value)?.text ?? value;
    }
  }
  return { errors, values };
}

function valueProblem(element: ElementSpec, value: string): string | undefined {
  if (element.kind === 'date') {
    return parseDate(value) ? undefined : 'must be a real date written MM/DD/CCYY (or MM-DD-CCYY)';
  }
  if (element.kind === 'numeric') {
    const problem = numberProblem(value, element.max, element.number ?? { negative: true });
    if (problem) return problem;
    if (element.range && !(Number(value) >= element.range[0] && Number(value) <= element.range[1])) {
      return `must be from ${element.range[0]} to ${element.range[1]}`;
    }
    if (element.length !== undefined && value.length !== element.length) {
      return `must be exactly ${element.length} digits`;
    }
    return undefined;
  }
  if (element.superSelect) {
    try {
      superSelect(value);
    } catch (error) {
      if (error instanceof SuperSelectError) return `is not a valid SuperSelect expression: ${error.message}`;
      throw error;
    }
  }
  if (element.values && !element.values.includes(value)) {
    return element.values.length === 2 && element.values.join() === 'Y,N'
      ? 'must be Y or N'
      : `must be one of ${element.values.join(', ')}`;
  }
  for (const rule of element.rules ?? []) {
    if (!textRules[rule].test(value)) return textRules[rule].says;
  }
  if (element.length !== undefined && value.length !== element.length) {
    return `must be exactly ${element.length} characters`;
  }
  return undefined;
}

/** Error records in the order of the service's parameters: a stable answer clients can match on. */
export function inParameterOrder(elements: readonly ElementSpec[], errors: ErrorRecord[]): ErrorRecord[] {
  const position = new Map(elements.map((element, index) => [element.name, index]));
  const at = (record: ErrorRecord) => position.get(record.column) ?? -1;
  return errors.toSorted((a, b) => at(a) - at(b));
}
