import type { Kysely, Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { systemClock } from '../../domain/clock.ts';
import type { CreateClaim, ErpConnector, VendorUpdate, VendorWrite } from '../../erp/connector.ts';
import { type ExportOptions, previousChoices } from './export-options.ts';
import { writeToErp } from './export-writes.ts';

describe('a vendor export', () => {
  const snapshot = { name: 'Harbor Electric', address: null, email: 'new@harbor.test', active: true };
  const request = (requestedUpdates: unknown) =>
    ({
      kind: 'vendor',
      snapshot: JSON.stringify(snapshot),
      requested_updates: requestedUpdates === null ? null : JSON.stringify(requestedUpdates),
    }) as Selectable<ErpRequestsTable>;
  const claim: CreateClaim = { claimed: true, claim: async () => {} };

  async function written(options: ExportOptions, requestedUpdates: unknown = null) {
    const calls: { create?: [VendorWrite, CreateClaim | undefined]; update?: VendorUpdate } = {};
    const connector = {
      createVendor: async (write: VendorWrite, given?: CreateClaim) => {
        calls.create = [write, given];
        return { erpIds: { vendor: write.vendorCode } };
      },
      updateVendor: async (update: VendorUpdate) => {
        calls.update = update;
        return { erpIds: { vendor: update.vendorCode } };
      },
    } as unknown as ErpConnector;
    // A vendor export records no line keys: it never touches the database.
    await writeToErp(connector, request(requestedUpdates), options, claim, {} as Kysely<DB>, systemClock);
    return calls;
  }

  it('creates a new vendor with the export’s claim', async () => {
    const calls = await written({ kind: 'vendor', vendorCode: 'HARBOR', isNew: true });
    expect(calls.update).toBeUndefined();
    expect(calls.create).toEqual([
      { vendorCode: 'HARBOR', name: 'Harbor Electric', address: undefined, email: 'new@harbor.test' },
      claim,
    ]);
  });

  it('updates a synced vendor with the changed fields only (options stored before the flag: an update)', async () => {
    const changes = {
      fields: [
        { field: 'email', before: 'old@harbor.test', after: 'new@harbor.test' },
        { field: 'active', before: true, after: false },
      ],
    };
    for (const options of [
      { kind: 'vendor', vendorCode: 'HARBOR', isNew: false },
      { kind: 'vendor', vendorCode: 'HARBOR' },
    ] as const) {
      const calls = await written(options, changes);
      expect(calls.create).toBeUndefined();
      expect(calls.update).toEqual({ vendorCode: 'HARBOR', email: 'new@harbor.test', active: false });
    }
  });

  it('is no approver choice: a retry without options keeps only the vendor code', () => {
    expect(previousChoices({ kind: 'vendor', vendorCode: 'HARBOR', isNew: true })).toEqual({
      vendorCode: 'HARBOR',
    });
  });
});
