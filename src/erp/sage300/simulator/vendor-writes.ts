import { addressLimits } from './job-writes.ts';
import { vendorKey } from './references.ts';
import { refuseIfAny, WriteRefusal } from './refusal.ts';
import { RowChecks } from './row-checks.ts';
import type { WriteInput, WriteResult } from './write-request.ts';

const vendorStatuses = ['Active', 'Inactive'] as const;

/** A vendor: CreateOnly, or ModifyOnly of the columns given. */
export function writeVendor({ commit, action, row, errors }: WriteInput): WriteResult {
  const Vendor = vendorKey(commit, row.Vendor);
  new RowChecks({ Vendor }, errors).required('Vendor').maxLength({ Vendor: 10 });
  if (/\s/.test(Vendor)) errors.push({ column: 'Vendor', message: `Vendor ${Vendor} contains spaces` });
  refuseIfAny(errors);
  const existing = commit.store.find('APM_MASTER__VENDOR', { Vendor });
  if (action === 'CreateOnly' && existing) {
    throw new WriteRefusal(409, [{ column: 'Vendor', message: `Vendor ${Vendor} already exists` }], existing);
  }
  if (action === 'ModifyOnly' && !existing) {
    throw new WriteRefusal(422, [{ column: 'Vendor', message: `Vendor ${Vendor} does not exist` }]);
  }
  const next = { Status: 'Active', ...existing, ...row, Vendor };
  new RowChecks(next, errors)
    .required('Name')
    .maxLength({ Name: 30, ...addressLimits })
    .oneOf('Status', vendorStatuses);
  refuseIfAny(errors);
  if (existing)
    return { stored: commit.modify('APM_MASTER__VENDOR', existing, next), created: false, warnings: [] };
  return { stored: commit.create('APM_MASTER__VENDOR', next), created: true, warnings: [] };
}
