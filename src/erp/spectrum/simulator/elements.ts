import { type NumberFormat, numberFormat } from './formats.ts';

/**
 * One documented parameter of an SDX service, as its layout table describes it (spectrum-sdx §6–§17,
 * additions §1–§3): name, type, Max and the generic rules of its Field information column. These
 * drive the missing-parameter fault, the WSDL, truncation and the level-2 checks, so a parameter list
 * is written once per service. The client keeps its own copy on purpose (a shared list shares bugs).
 */
export interface ElementSpec {
  readonly name: string;
  /** `udf`: a user-defined field; the demo Authorization IDs map none, so its value is ignored. */
  readonly kind: 'text' | 'numeric' | 'date' | 'udf';
  /** Characters in all, the sign and the decimal point included (spectrum-sdx §4). */
  readonly max: number;
  /** Req YES without a default: a blank value is `M` at level 1. */
  readonly required?: boolean;
  readonly number?: NumberFormat;
  /** The allowed values of a code (Y/N flags, status codes…). */
  readonly values?: readonly string[];
  readonly rules?: readonly TextRule[];
  /** An inclusive numeric range (e.g. Wage_Rate_Level 1–9). */
  readonly range?: readonly [number, number];
  /** A value of exactly this many characters (e.g. a T5018 recipient account number). */
  readonly length?: number;
  /** A Get filter that takes SuperSelect syntax (super-select.ts). */
  readonly superSelect?: boolean;
}

/**
 * - `key`: a key field (vendor, customer, subcontractor code) never holds the SuperSelect and markup
 *   characters `/ * ? " ' > < # , & ~` (spectrum-sdx §4, additions §5);
 * - `noDashes`: phones, faxes, SSNs and phase codes travel without dashes;
 * - `noCommas`: names and sort keys; `upperAlnum`: AddVendor's "UPPERCASE, no symbols";
 * - `email`: "must look like an email address".
 */
export type TextRule = 'key' | 'noDashes' | 'noCommas' | 'upperAlnum' | 'email';

type Extra = Omit<Partial<ElementSpec>, 'name' | 'kind' | 'max'>;

export function text(name: string, max: number, extra: Extra = {}): ElementSpec {
  return { name, kind: 'text', max, ...extra };
}

export function code(name: string, max: number, values: readonly string[], extra: Extra = {}): ElementSpec {
  return text(name, max, { values, ...extra });
}

export function flag(name: string, extra: Extra = {}): ElementSpec {
  return code(name, 1, ['Y', 'N'], extra);
}

/** `format` as `numberFormat` reads it: `-10.2`, `2.1`, `3`, `-` or `+`. */
export function numeric(name: string, max: number, format: string, extra: Extra = {}): ElementSpec {
  return { name, kind: 'numeric', max, number: numberFormat(format), ...extra };
}

export function date(name: string, extra: Extra = {}): ElementSpec {
  return { name, kind: 'date', max: 10, ...extra };
}

export function udfs(count = 20): ElementSpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: `UDF${i + 1}`, kind: 'udf', max: 20 }) as const);
}

export const phone = (name: string): ElementSpec => text(name, 14, { rules: ['noDashes'] });

/** Every SDX call starts with who calls and under which batch (spectrum-sdx §1). */
const authorizationId = text('Authorization_ID', 20);
const guid = text('GUID', 36);

/** What every Put opens with: the caller, the batch and the company it writes to. */
export const putHeader: readonly ElementSpec[] = [authorizationId, guid, text('Company_Code', 3)];
/** What every Get opens with: the caller, the batch and the company it reads. */
export const getHeader: readonly ElementSpec[] = [authorizationId, guid, text('pCompany_Code', 3)];
