import type { Kysely } from 'kysely';
import { fromJson } from '../../../db/json.ts';
import type { DB } from '../../../db/schema.ts';
import { preconditionFailed } from '../../../domain/errors.ts';
import { deriveVendorCode } from '../../../domain/vendor-code.ts';
import type { ConnectorDescription } from '../../../erp/connector.ts';
import { loadVendorRow } from '../vendors.ts';
import type { SendSubject, SubjectRef } from './index.ts';

/** A vendor; once the ERP has it, only the fields that changed since. */
export async function vendorSubject(
  db: Kysely<DB>,
  { companyId, vendorId }: Extract<SubjectRef, { kind: 'vendor' }>,
  description: ConnectorDescription,
): Promise<SendSubject> {
  const row = await loadVendorRow(db, companyId, vendorId);
  const snapshot = {
    id: row.id,
    name: row.name,
    active: row.active === 1,
    vendorCode: row.erp_vendor_code ?? row.vendor_code,
    email: row.email,
    address: fromJson<Record<string, string>>(row.address),
  };
  const synced = fromJson<Record<string, unknown>>(row.synced_snapshot);
  let requestedUpdates: unknown = null;
  if (synced) {
    const changes = Object.entries(snapshot).flatMap(([field, value]) =>
      JSON.stringify(value) === JSON.stringify(synced[field])
        ? []
        : [{ field, before: synced[field] ?? null, after: value }],
    );
    if (changes.length === 0)
      throw preconditionFailed('Nothing changed since the vendor was synced', [
        { path: 'vendor', message: 'no field changed' },
      ]);
    requestedUpdates = { fields: changes };
  }
  const codeLength = description.fields.vendor.find((r) => r.path === 'vendorCode')?.maxLength ?? 10;
  return {
    kind: 'vendor',
    subjectId: vendorId,
    label: row.name,
    update: synced !== null,
    snapshot,
    requestedUpdates,
    facts: { kind: 'vendor', active: row.active === 1 },
    // Without a proposed code, the approver's default is derived from the name: check that one.
    preflightView: { ...snapshot, vendorCode: snapshot.vendorCode ?? deriveVendorCode(row.name, codeLength) },
    preflightRules: (d) => d.fields.vendor,
    assignments: [],
  };
}
