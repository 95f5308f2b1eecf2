/**
 * Vendors (ERP.md §2): AddVendor creates (add-only, with our sort key and terms: accounting owns them
 * afterwards), UpdateVendor changes a vendor Spectrum has, field by field (blank = unchanged).
 */
import {
  type CreateClaim,
  DuplicateErpError,
  type VendorUpdate,
  type VendorWrite,
  type WriteResult,
} from '../connector.ts';
import { isAlreadyThere, isOurOwnAdd, refused, written } from './refusals.ts';
import type { LengthCheck } from './rules.ts';
import type { SdxClient } from './sdx-client.ts';
import type { SpectrumReads } from './spectrum-reads.ts';

/** New vendors get terms A (net days after the invoice date), 30 days, no discount; accounting adjusts them. */
export const defaultTerms = { code: 'A', days: '30', discountCode: 'A' } as const;

const unclaimed: CreateClaim = { claimed: false, claim: async () => {} };

export interface VendorWriteContext {
  client: SdxClient;
  reads: SpectrumReads;
  fits: LengthCheck;
}

export async function createVendor(
  { client, reads, fits }: VendorWriteContext,
  vendor: VendorWrite,
  { claimed, claim }: CreateClaim = unclaimed,
): Promise<WriteResult> {
  const { vendorCode } = vendor;
  fits('vendor', vendor, `vendor ${vendorCode}`);
  if (!claimed) {
    if (await reads.vendorListed(vendorCode)) throw duplicate(vendorCode, 'a');
    await claim();
  }
  const sdx = client.batch();
  await sdx
    .put('AddVendor', {
      Vendor_Code: vendorCode,
      Vendor_Name: vendor.name,
      Alpha_Sort: alphaSort(vendor),
      Address_1: vendor.address?.line1,
      // AddVendor has no City element: its third address line is the city (spectrum-sdx §14).
      Address_3: vendor.address?.city,
      State: vendor.address?.state,
      Zip_Code: vendor.address?.zip,
      Vendor_Email: vendor.email,
      Terms_Code: defaultTerms.code,
      Terms_Days: defaultTerms.days,
      Terms_Disc_Code: defaultTerms.discountCode,
    })
    .catch((error: unknown) => {
      // The list shows active vendors only (and may be seconds old): an inactive one, or one made just
      // now, answers here. After an interrupted run of this very export, it is the one that run created.
      if (isOurOwnAdd(error, 'Vendor_Code', claimed)) return;
      if (isAlreadyThere(error, 'Vendor_Code')) throw duplicate(vendorCode, 'an inactive or new');
      refused('vendor', `vendor ${vendorCode}`)(error);
    });
  return written(sdx, { vendor: vendorCode });
}

const duplicate = (vendorCode: string, which: string) =>
  new DuplicateErpError(
    `Spectrum has ${which} vendor ${vendorCode} already; retry with another vendor code`,
    'vendorCode',
    'I',
  );

export async function updateVendor(
  { client, fits }: VendorWriteContext,
  update: VendorUpdate,
): Promise<WriteResult> {
  const { vendorCode, name, address, email, active } = update;
  fits('vendor', update, `vendor ${vendorCode}`);
  const sdx = client.batch();
  // SDX never clears a value (blank means "leave as is"): a value removed on our side stays in Spectrum.
  const kept: string[] = [];
  if (address !== undefined) {
    for (const part of ['line1', 'city', 'state', 'zip'] as const)
      if (!address?.[part]) kept.push(`address ${part}`);
  }
  if (email === null || email === '') kept.push('email');
  await sdx
    .put('UpdateVendor', {
      Vendor_Code: vendorCode,
      Vendor_Name: name,
      Address_1: address?.line1,
      City: address?.city,
      State: address?.state,
      Zip_Code: address?.zip,
      Vendor_Email: email ?? '',
      Status: active === undefined ? '' : active ? 'A' : 'I',
    })
    .catch(refused('vendor', `vendor ${vendorCode}`));
  const warnings = kept.length
    ? [`Spectrum keeps the vendor's ${kept.join(', ')}: SDX cannot clear a value, change it in Spectrum`]
    : [];
  return written(sdx, { vendor: vendorCode }, warnings);
}

/** Spectrum's sort key (≤6, required): the name's letters and digits, upper case; the code if none. */
function alphaSort({ name, vendorCode }: VendorWrite): string {
  return (name.toUpperCase().replace(/[^A-Z0-9]/g, '') || vendorCode).slice(0, 6);
}
