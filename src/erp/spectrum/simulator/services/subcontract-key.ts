import type { Checks } from '../checks.ts';
import { type ElementSpec, text } from '../elements.ts';
import type { SimSubcontract } from '../records.ts';
import type { SpectrumStore } from '../store.ts';

/** The elements UpdateSubcontract and UpdateSubcontractPhases name a subcontract by (spectrum-sdx §15–§16). */
export const subcontractKey: readonly ElementSpec[] = [
  text('Vendor_Code', 10, { required: true, rules: ['key'] }),
  text('Subcontract_Number', 10, { required: true }),
];

/** The vendor's subcontract of that number; when there is none, an `I` on Subcontract_Number says so. */
export function findSubcontract(
  checks: Checks,
  store: SpectrumStore,
  Vendor_Code: string,
  Subcontract_Number: string,
): SimSubcontract | undefined {
  const subcontract = store.find('subcontracts', { Vendor_Code, Subcontract_Number });
  if (!subcontract) {
    checks.invalid(
      'Subcontract_Number',
      `Subcontract ${Subcontract_Number} of vendor ${Vendor_Code} does not exist`,
    );
  }
  return subcontract;
}
