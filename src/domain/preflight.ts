import { formatMoney } from './money.ts';

/**
 * One rule on one field of an exported record. `path` names the field in our record model, with `[]`
 * for every element of a list (e.g. `lines[].description`). A value is checked after the connector's
 * own normalisation named in `normalise` (e.g. dashes removed from cost codes for Spectrum).
 */
export interface FieldRule {
  path: string;
  label: string;
  required?: boolean;
  maxLength?: number;
  /** A regular expression (source) the whole value must match. */
  pattern?: string;
  /** Said to the user when `pattern` fails, e.g. "uppercase letters and digits only". */
  patternMessage?: string;
  /** Allowed values. */
  oneOf?: string[];
  /** Applied before checking: `remove-dashes` (Spectrum phase codes), `uppercase`. */
  normalise?: 'remove-dashes' | 'uppercase';
  /** Money in minor units: its rules apply to the decimal text the ERP receives (`-1234.56`). */
  money?: boolean;
  /** `warning`: the ERP accepts the value but changes it (e.g. truncates); default `error`. */
  severity?: 'error' | 'warning';
  /** A required value that may still be blank for now (something fills it later): a warning saying so. */
  blankWarning?: string;
}

export interface PreflightProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface PreflightResult {
  ok: boolean;
  problems: PreflightProblem[];
}

/** Every value at a rule path, with its concrete path: `lines[].description` → `lines[0].description`, … */
function valuesAt(record: unknown, path: string): { path: string; value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: '', value: record }];
  for (const segment of path.split('.')) {
    const many = segment.endsWith('[]');
    const key = many ? segment.slice(0, -2) : segment;
    found = found.flatMap(({ path: at, value }) => {
      const child =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      const childPath = at ? `${at}.${key}` : key;
      if (!many) return [{ path: childPath, value: child }];
      return Array.isArray(child)
        ? child.map((item, i) => ({ path: `${childPath}[${i}]`, value: item }))
        : [];
    });
  }
  return found;
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

function normalised(rule: FieldRule, value: string): string {
  if (rule.normalise === 'remove-dashes') return value.replaceAll('-', '');
  if (rule.normalise === 'uppercase') return value.toUpperCase();
  return value;
}

function check(
  rule: FieldRule,
  pattern: RegExp | undefined,
  value: unknown,
  erpName: string,
): Omit<PreflightProblem, 'path'> | undefined {
  if (isBlank(value)) {
    if (!rule.required) return undefined;
    if (rule.blankWarning) return { message: rule.blankWarning, severity: 'warning' };
    return { message: `${rule.label} is required by ${erpName}`, severity: rule.severity ?? 'error' };
  }
  const message = checkValue(rule, pattern, value, erpName);
  return message === undefined ? undefined : { message, severity: rule.severity ?? 'error' };
}

function checkValue(
  rule: FieldRule,
  pattern: RegExp | undefined,
  value: unknown,
  erpName: string,
): string | undefined {
  if (rule.money && typeof value === 'number' && Number.isSafeInteger(value)) value = formatMoney(value);
  if (typeof value !== 'string') return undefined;
  const text = normalised(rule, value);
  if (rule.maxLength !== undefined && [...text].length > rule.maxLength) {
    return `${rule.label} "${value}" has ${[...text].length} characters; ${erpName} allows at most ${rule.maxLength}`;
  }
  if (rule.oneOf && !rule.oneOf.includes(text)) {
    return `${rule.label} "${value}" is not one of ${rule.oneOf.join(', ')}`;
  }
  if (pattern && !pattern.test(text)) {
    return `${rule.label} "${value}" is not accepted by ${erpName}: ${rule.patternMessage ?? `it must match ${rule.pattern}`}`;
  }
  return undefined;
}

/**
 * Checks a record against the target ERP's field rules, as the connector describes them, so the
 * approver sees "will fail because…" before accepting. Pure: the rules come in, problems go out.
 */
export function preflight(rules: FieldRule[], record: unknown, erpName: string): PreflightResult {
  const problems: PreflightProblem[] = [];
  for (const rule of rules) {
    // Compiled once per rule: a 5,000-line budget checks the same pattern 5,000 times.
    const pattern = rule.pattern ? new RegExp(rule.pattern) : undefined;
    for (const { path, value } of valuesAt(record, rule.path)) {
      const problem = check(rule, pattern, value, erpName);
      if (problem) problems.push({ path, ...problem });
    }
  }
  return { ok: problems.every((p) => p.severity === 'warning'), problems };
}
