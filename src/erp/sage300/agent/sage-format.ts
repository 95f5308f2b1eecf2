import type { SageFormat, SageRow } from '../protocol.ts';

/**
 * How the company stores its keys, read from Sage's format table `TS_CTL_RECORD_3`: Sage punctuates
 * job and cost code values sent without punctuation (`241001` → `24-1001` under `##-####`) and
 * upper-cases vendor and commitment ids when the company forces capitals, so a read by natural key must
 * do the same to find what Sage stored.
 */
export interface CompanyFormat {
  format: SageFormat;
  jobSections: Section[];
  costCodeSections: Section[];
  vendorCaps: boolean;
  commitmentCaps: boolean;
}

interface Section {
  length: number;
  /** Written after the section; `''` for the last. */
  punctuation: string;
  caps: boolean;
}

export const formatTable = 'TS_CTL_RECORD_3';

/** `FLDCODE`s of the format table. */
const field = { vendor: 6, job: 16, costCode: 18, commitment: 20 } as const;

/** Each table's key columns (docs/sage300-simulator.md, "Tables and columns"). */
const keyColumns: Record<string, readonly string[]> = {
  TS_CTL_RECORD_3: ['FLDCODE', 'Section'],
  JCM_MASTER__JOB: ['Job'],
  JCM_MASTER__EXTRA: ['Job', 'Extra'],
  JCM_MASTER__STANDARD_COST_CODE: ['Cost_Code'],
  JCM_MASTER__STANDARD_CATEGORY: ['Category'],
  JCM_MASTER__COST_CODE: ['Job', 'Extra', 'Cost_Code'],
  JCM_MASTER__CATEGORY: ['Job', 'Extra', 'Cost_Code', 'Category'],
  APM_MASTER__VENDOR: ['Vendor'],
  JCM_MASTER__COMMITMENT: ['Commitment'],
  JCM_MASTER__COMMITMENT_LINE_ITEM: ['Commitment', 'Item'],
  JCM_MASTER__COMMITMENT_CO: ['Commitment', 'Commitment_CO'],
  JCM_MASTER__COMMITMENT_CO_ITEM: ['Commitment', 'Commitment_CO', 'Item'],
  JCT_CURRENT__TRANSACTION: ['Transaction_ID'],
};

export function readCompanyFormat(rows: SageRow[]): CompanyFormat {
  const sections = (code: number): Section[] =>
    rows
      .filter((row) => Number(row.FLDCODE) === code)
      .sort((a, b) => Number(a.Section) - Number(b.Section))
      .map((row) => ({
        length: Number(row.CSLEN),
        punctuation: String(row.CNPUNCT ?? ''),
        caps: String(row.CNTCAP).toUpperCase() === 'Y',
      }));
  // In the masks' vocabulary (`#` digit, `A` letter, `X` either): a Sage section takes letters and digits.
  const mask = (of: Section[]) => of.map((s) => 'X'.repeat(s.length) + s.punctuation).join('');
  const jobSections = sections(field.job);
  const costCodeSections = sections(field.costCode);
  return {
    format: {
      jobMask: mask(jobSections),
      costCodeMask: mask(costCodeSections),
      commitmentIdLength: sections(field.commitment)[0]?.length ?? 12,
    },
    jobSections,
    costCodeSections,
    vendorCaps: sections(field.vendor)[0]?.caps ?? false,
    commitmentCaps: sections(field.commitment)[0]?.caps ?? false,
  };
}

/**
 * A value as Sage would store it in `column` (a key, or a reference to one). Values Sage would refuse
 * (wrong length, punctuation not matching) are left as they are: Sage's refusal will name them.
 */
export function formatKeyValue(company: CompanyFormat, column: string, value: string): string {
  const trimmed = value.trim();
  switch (column) {
    case 'Job':
      return sectioned(trimmed, company.jobSections);
    case 'Cost_Code':
      return sectioned(trimmed, company.costCodeSections);
    case 'Vendor':
      return company.vendorCaps ? trimmed.toUpperCase() : trimmed;
    case 'Commitment':
      return company.commitmentCaps ? trimmed.toUpperCase() : trimmed;
    default:
      return trimmed;
  }
}

/**
 * The key columns of `row` in `table`, formatted; a key column the row leaves out is `''` (Sage's
 * "none", e.g. no extra). Undefined for a table whose key is not known.
 */
export function naturalKey(
  company: CompanyFormat,
  table: string,
  row: SageRow,
): Record<string, string> | undefined {
  const columns = keyColumns[table];
  if (!columns) return undefined;
  return Object.fromEntries(
    columns.map((column) => [column, formatKeyValue(company, column, String(row[column] ?? ''))]),
  );
}

/**
 * Cuts an unpunctuated value of the mask's full length into its sections, or checks the punctuation of
 * one sent punctuated; either way sections flagged for capitals are upper-cased.
 */
function sectioned(value: string, sections: Section[]): string {
  const total = sections.reduce((sum, s) => sum + s.length, 0);
  const bare = value.length === total && /^[A-Za-z0-9]+$/.test(value);
  let at = 0;
  let formatted = '';
  for (const section of sections) {
    const part = value.slice(at, at + section.length);
    at += section.length;
    formatted += (section.caps ? part.toUpperCase() : part) + section.punctuation;
    if (!bare && section.punctuation) {
      if (value.slice(at, at + section.punctuation.length) !== section.punctuation) return value;
      at += section.punctuation.length;
    }
  }
  return at === value.length ? formatted : value;
}
