import type { Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ErpRequestsTable } from '../../db/schema.ts';
import type { ErpConnector, VendorWrite } from '../../erp/connector.ts';
import { type ExportOptions, previousChoices } from './exportOptions.ts';
import { writeToErp } from './exportWrites.ts';

describe("a vendor export's isNew flag", () => {
  const request = {
    kind: 'vendor',
    snapshot: JSON.stringify({ name: 'Harbor Electric', address: null, email: null }),
    requested_updates: null,
  } as Selectable<ErpRequestsTable>;

  async function written(options: ExportOptions): Promise<VendorWrite> {
    let vendor: VendorWrite | undefined;
    const connector = {
      upsertVendor: async (write: VendorWrite) => {
        vendor = write;
        return { erpIds: { vendor: write.vendorCode } };
      },
    } as unknown as ErpConnector;
    await writeToErp(connector, request, options);
    return vendor!;
  }

  it('writes the vendor as new only when the accepted options say so', async () => {
    expect(await written({ kind: 'vendor', vendorCode: 'HARBOR', isNew: true })).toMatchObject({
      vendorCode: 'HARBOR',
      isNew: true,
    });
    expect((await written({ kind: 'vendor', vendorCode: 'HARBOR', isNew: false })).isNew).toBeFalsy();
  });

  it('writes an update for options stored before the flag existed', async () => {
    expect((await written({ kind: 'vendor', vendorCode: 'HARBOR' })).isNew).toBeFalsy();
  });

  it('is no approver choice: a retry without options keeps only the vendor code', () => {
    expect(previousChoices({ kind: 'vendor', vendorCode: 'HARBOR', isNew: true })).toEqual({
      vendorCode: 'HARBOR',
    });
  });
});
