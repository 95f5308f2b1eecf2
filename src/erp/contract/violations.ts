/**
 * Values that break a field rule, derived from the rule itself: the kit sends each to the ERP to show
 * the described rule is one the ERP really enforces (and names the field when it refuses).
 */
import type { FieldRule } from '../../domain/preflight.ts';

export interface Violation {
  /** What is broken, for the test's name. */
  breaks: string;
  /** Text, or an amount in minor units for a money rule. */
  value: string | number;
}

function normalised(rule: FieldRule, value: string): string {
  if (rule.normalise === 'remove-dashes') return value.replaceAll('-', '');
  if (rule.normalise === 'uppercase') return value.toUpperCase();
  return value;
}

const matches = (rule: FieldRule, value: string) =>
  !rule.pattern || new RegExp(rule.pattern).test(normalised(rule, value));

/** Too long, but otherwise well formed where a shape allows it, so that only the length is wrong. */
function tooLong(rule: FieldRule, length: number): string {
  const shapes = ['A', '1', 'a'].map((char) => char.repeat(length));
  shapes.push(`${'a'.repeat(Math.max(1, length - 5))}@x.io`);
  return shapes.find((value) => matches(rule, value)) ?? shapes[0]!;
}

const misfits = ['abc', 'A,B', 'A B!', 'ZZZZZ', '99'];
const strangers = ['Z', 'ZZ', '0', 'X'];

export function violationsOf(rule: FieldRule): Violation[] {
  if (rule.money) {
    // The smallest amount whose text (`1000000000.00` for 12) is one character too long.
    const maxLength = rule.maxLength ?? 13;
    return [{ breaks: `at most ${maxLength} characters as text`, value: 10 ** (maxLength - 1) }];
  }
  const found: Violation[] = [];
  if (rule.required) found.push({ breaks: 'required', value: '' });
  if (rule.maxLength !== undefined) {
    found.push({ breaks: `at most ${rule.maxLength} characters`, value: tooLong(rule, rule.maxLength + 1) });
  }
  if (rule.pattern) {
    const value = misfits.find(
      (candidate) =>
        !matches(rule, candidate) && (rule.maxLength === undefined || candidate.length <= rule.maxLength),
    );
    if (value) found.push({ breaks: rule.patternMessage ?? `pattern ${rule.pattern}`, value });
  }
  if (rule.oneOf) {
    const value = strangers.find((candidate) => !rule.oneOf!.includes(normalised(rule, candidate)));
    if (value) found.push({ breaks: `one of ${rule.oneOf.join(', ')}`, value });
  }
  return found;
}

/**
 * A copy of `record` with `value` at the rule path; `[]` addresses the first element (`lines[].code`
 * → `lines[0].code`, `costTypes[]` → `costTypes[0]`). The original is left untouched.
 */
export function withValueAt<T>(record: T, path: string, value: string | number): T {
  return setAt(record, path.split('.'), value) as T;
}

function setAt(node: unknown, [segment, ...rest]: string[], value: string | number): unknown {
  const isList = segment!.endsWith('[]');
  const key = isList ? segment!.slice(0, -2) : segment!;
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown> | undefined) };
  if (isList) {
    const list = [...((copy[key] as unknown[] | undefined) ?? [])];
    list[0] = rest.length ? setAt(list[0], rest, value) : value;
    copy[key] = list;
  } else {
    copy[key] = rest.length ? setAt(copy[key], rest, value) : value;
  }
  return copy;
}
