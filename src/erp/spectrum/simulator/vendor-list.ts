import type { SimSettings } from './records.ts';
import type { SpectrumStore } from './store.ts';

export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An active vendor as `GET /vendors/{Company_Code}` lists it. */
export interface VendorListEntry {
  Vendor_Code: string;
  Name: string;
  Alpha_Sort: string;
  Type: string;
  Address_1: string;
  Address_2: string;
  Address_3: string;
  State: string;
  Zip_Code: string;
  Phone_Number: string;
  Vendor_Email: string;
  Terms_Code: string;
  Terms_Days: number;
}

/** `GET /vendors/{Company_Code}` with HTTP Basic `Company_Code:Authorization_ID`: the active vendors, in JSON. */
export function answerVendorList(
  companyCode: string,
  authorization: string | undefined,
  store: SpectrumStore,
  settings: SimSettings,
): JsonAnswer {
  const credentials = basicCredentials(authorization);
  const allowed =
    companyCode === settings.companyCode &&
    credentials?.user === settings.companyCode &&
    credentials.password === settings.authorizationId;
  if (!allowed) {
    return {
      status: 401,
      headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Spectrum"' },
      body: JSON.stringify({ error: 'Not authorized' }),
    };
  }
  const vendors: VendorListEntry[] = store.list('vendors', { Status_Code: 'A' }).map((vendor) => ({
    Vendor_Code: vendor.Vendor_Code,
    Name: vendor.Vendor_Name,
    Alpha_Sort: vendor.Alpha_Sort,
    Type: vendor.Type,
    Address_1: vendor.Address_1,
    Address_2: vendor.Address_2,
    Address_3: vendor.Address_3,
    State: vendor.State,
    Zip_Code: vendor.Zip_Code,
    Phone_Number: vendor.Phone_Number,
    Vendor_Email: vendor.Vendor_Email,
    Terms_Code: vendor.Terms_Code,
    Terms_Days: Number(vendor.Terms_Days || 0),
  }));
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(vendors) };
}

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
