import { decimalPattern } from './decimals.ts';

/** A request's parameters by local name, every one present (possibly empty). */
export type Params = Readonly<Record<string, string>>;

/** SDX error codes: `A` abort, `I` invalid value, `M` missing required value, `W` warning. */
export type ErrorCode = 'A' | 'I' | 'M' | 'W';

export interface ErrorRecord {
  code: ErrorCode;
  desc: string;
  column: string;
}

export type FieldFormat = 'decimal' | 'percent' | 'date' | 'days' | 'email' | 'phaseCode';

/** One field rule of a service; a rule on a value only applies when the value is sent (non-empty). */
export interface FieldRule {
  column: string;
  /** `new`: required only when the record does not exist yet (Put services never clear a value). */
  required?: 'always' | 'new';
  maxLength?: number;
  oneOf?: readonly string[];
  format?: FieldFormat;
  pattern?: { regex: RegExp; says: string };
}

const formats: Record<FieldFormat, { test: (value: string) => boolean; says: string }> = {
  decimal: {
    test: (v) => decimalPattern.test(v),
    says: 'must be a plain decimal number with at most 2 decimals',
  },
  percent: {
    test: (v) => decimalPattern.test(v) && !v.startsWith('-') && Number(v) <= 100,
    says: 'must be a percentage from 0 to 100 with at most 2 decimals',
  },
  date: { test: isSdxDate, says: 'must be a valid date written MM/DD/CCYY' },
  days: { test: (v) => /^\d{1,3}$/.test(v), says: 'must be a whole number of days from 0 to 999' },
  email: { test: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), says: 'must be an email address' },
  // Dashes are the mask's separators: Spectrum stores phase codes without them.
  phaseCode: { test: (v) => !v.includes('-'), says: 'must be sent without dashes' },
};

function isSdxDate(value: string): boolean {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!match) return false;
  const [month, day, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Collects a request's error records, at most one per column (the first problem found), so a client
 * sees every bad column of a request at once, as SDX answers.
 */
export class Checks {
  readonly errors: ErrorRecord[] = [];

  constructor(readonly params: Params) {}

  value(column: string): string {
    return this.params[column] ?? '';
  }

  /** True while no error names the column: later rules on a failed column are skipped. */
  passed(column: string): boolean {
    return !this.errors.some((error) => error.column === column);
  }

  reject(code: ErrorCode, column: string, desc: string): void {
    if (this.passed(column)) this.errors.push({ code, desc, column });
  }

  apply(rules: readonly FieldRule[], isNew: boolean): this {
    for (const rule of rules) this.#applyRule(rule, isNew);
    return this;
  }

  #applyRule(rule: FieldRule, isNew: boolean): void {
    const { column } = rule;
    const value = this.value(column);
    if (value === '') {
      const required = rule.required === 'always' || (rule.required === 'new' && isNew);
      if (required)
        this.reject(
          'M',
          column,
          `${column} is required${rule.required === 'new' ? ' for a new record' : ''}`,
        );
      return;
    }
    if (rule.format && !formats[rule.format].test(value)) {
      this.reject('I', column, `${column} ${formats[rule.format].says}`);
    } else if (rule.pattern && !rule.pattern.regex.test(value)) {
      this.reject('I', column, `${column} ${rule.pattern.says}`);
    } else if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      this.reject('I', column, `${column} is longer than ${rule.maxLength} characters`);
    } else if (rule.oneOf && !rule.oneOf.includes(value)) {
      this.reject('I', column, `${column} must be one of ${rule.oneOf.join(', ')}`);
    }
  }
}

/** The stored record with every sent (non-empty) parameter laid over it: an empty element keeps a value. */
export function overlay<R extends object>(base: R, params: Params): R {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [field, current] of Object.entries(base)) {
    const value = params[field];
    if (typeof current === 'string' && value) merged[field] = value;
  }
  return merged as R;
}
