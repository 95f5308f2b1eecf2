import type { Checks, ErrorRecord } from '../checks.ts';
import { code, type ElementSpec, flag, numeric, text } from '../elements.ts';
import { compare, sum } from '../formats.ts';
import type { FieldsOf } from '../records.ts';
import { checkGlAccount } from './company-files.ts';
import type { ServiceRequest } from './service.ts';

/**
 * What AddVendor and UpdateVendor share (spectrum-sdx §14, additions §1): the G/L distribution lists,
 * the 1099 rules. Each service keeps its own element list (their orders and names differ); the runs
 * they list alike are here.
 */
const positions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const account = (n: number) => `GL_Distribution_Acct_List${n}` as const;
const percent = (n: number) => `GL_Distrib_Percent_List${n}` as const;

/** The ten distribution accounts, then their ten percentages. */
export const distributionLists: readonly ElementSpec[] = [
  ...positions.map((n) => numeric(account(n), 12, '12')),
  ...positions.map((n) => numeric(percent(n), 5, '+')),
];

/** The 1099 reporting elements, in the order both services list them. */
export const form1099Elements: readonly ElementSpec[] = [
  flag('Send_1099_Flag'),
  text('Alt_1099_Name', 30, { rules: ['noCommas'] }),
  code('Fed_1099_Indicator', 1, ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A']),
  text('Social_Sec_Number', 9, { rules: ['noDashes'] }),
  text('Fed_Id_Number', 12),
];

type Vendor = FieldsOf<'vendors'>;

/** Whether a request sends any element of the distribution lists (only then are they checked). */
export function sendsDistribution(params: Readonly<Record<string, string>>): boolean {
  return positions.some((n) => params[account(n)] || params[percent(n)]);
}

/** Level 1: each distribution account needs its percentage, and each percentage its account. */
export function missingDistribution(vendor: Vendor): ErrorRecord[] {
  const missing: ErrorRecord[] = [];
  for (const n of positions) {
    const [a, p] = [account(n), percent(n)];
    if (vendor[a] && !vendor[p]) missing.push({ code: 'M', column: p, desc: `${p} is required for ${a}` });
    if (vendor[p] && !vendor[a]) missing.push({ code: 'M', column: a, desc: `${a} is required for ${p}` });
  }
  return missing;
}

/** Level 3: the accounts are active non-direct ones and the percentages total 100. */
export function checkDistribution(checks: Checks, request: ServiceRequest, vendor: Vendor): void {
  for (const n of positions)
    checkGlAccount(checks, request, account(n), vendor[account(n)] ?? '', 'overhead');
  const percentages = positions.map((n) => vendor[percent(n)] ?? '').filter(Boolean);
  if (percentages.length && compare(sum(percentages), '100') !== 0) {
    checks.invalid(percent(1), `The distribution percentages total ${sum(percentages)}; they must total 100`);
  }
}

/** Level 3: a vendor holds a Social Security number or a federal ID, never both. */
export function checkTaxIds(checks: Checks, vendor: Vendor, sent: Readonly<Record<string, string>>): void {
  if (vendor.Social_Sec_Number && vendor.Fed_Id_Number) {
    const column = sent.Fed_Id_Number ? 'Fed_Id_Number' : 'Social_Sec_Number';
    checks.invalid(column, 'Social_Sec_Number and Fed_Id_Number are mutually exclusive');
  }
}

/** Fed_1099_Indicator becomes 7 (non-employee compensation) when blank and Send_1099_Flag is Y. */
export function default1099(vendor: Vendor): void {
  if (!vendor.Fed_1099_Indicator && vendor.Send_1099_Flag === 'Y') vendor.Fed_1099_Indicator = '7';
}
