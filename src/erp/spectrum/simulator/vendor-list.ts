import { authorize } from './access.ts';
import { basicCredentials, type JsonAnswer, json } from './enhanced-authentication.ts';
import type { SimVendor } from './records.ts';
import type { SpectrumStore } from './store.ts';

/**
 * An active vendor as `GET /vendors/{Company_Code}` lists it (spectrum-sdx §10): the documented field
 * names in order, every value a string. The three misprinted payment-location fields are named
 * Payment_City, Payment_State, Payment_Zip *(our profile)*. The demo vendors have no locations, so
 * the location fields are blank; the primary contact is Contact_Name split at its first space.
 */
export interface VendorListEntry {
  Company_Code: string;
  Vendor_Code: string;
  Name: string;
  Address_1: string;
  Address_2: string;
  City: string;
  State: string;
  Zip_Code: string;
  First_Name: string;
  Last_Name: string;
  Phone_Number: string;
  Email: string;
  Account_Reference: string;
  Payment_Terms: string;
  Payment_Term_Days: string;
  Discount_Terms: string;
  Discount_Term_Days: string;
  Discount_Percent: string;
  Purchase_Location_Name: string;
  Purchase_Address_1: string;
  Purchase_Address_2: string;
  Purchase_City: string;
  Purchase_State: string;
  Purchase_Zip: string;
  Payment_Location_Name: string;
  Payment_Address_1: string;
  Payment_Address_2: string;
  Payment_City: string;
  Payment_State: string;
  Payment_Zip: string;
}

/** The query filters, each matched exactly, and the vendor field it filters. */
const filters = [
  ['pType', 'Type'],
  ['pCity', 'Address_3'],
  ['pState', 'State'],
  ['pName', 'Vendor_Name'],
] as const;

export interface VendorListRequest {
  companyCode: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Under Enhanced Authentication the server has checked the bearer token; Basic is not asked. */
  bearer: boolean;
}

/**
 * `GET /vendors/{Company_Code}`: HTTP Basic `Company_Code:Authorization_ID` (an ID allowed the Get
 * services), or the bearer token under Enhanced Authentication. Filtering needs `pCostCenter` (`ALL`
 * or a cost center); the demo vendors are shared by every cost center.
 */
export function answerVendorList(
  request: VendorListRequest,
  store: SpectrumStore,
  companyCode: string,
): JsonAnswer {
  if (!request.bearer) {
    const credentials = basicCredentials(request.authorization);
    const authorized = credentials && authorize(store, credentials.password, 'get');
    const allowed =
      authorized &&
      'companyCode' in authorized &&
      credentials.user === request.companyCode &&
      authorized.companyCode === request.companyCode;
    if (!allowed) {
      return {
        status: 401,
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Spectrum"' },
        body: JSON.stringify({ error: 'Not authorized' }),
      };
    }
  } else if (request.companyCode !== companyCode) {
    return json(401, { error: `Not authorized for company ${request.companyCode}` });
  }

  const { query } = request;
  const costCenter = query.get('pCostCenter') ?? '';
  const filtering = filters.some(([parameter]) => query.get(parameter));
  if (filtering && !costCenter) return json(400, { error: 'pCostCenter is required when filtering' });
  if (costCenter && costCenter !== 'ALL' && !store.find('costCenters', { Cost_Center: costCenter })) {
    return json(200, []);
  }
  const where: Partial<Record<keyof SimVendor, string>> = { Status: 'A' };
  for (const [parameter, field] of filters) {
    const value = query.get(parameter);
    if (value) where[field] = value;
  }
  return json(
    200,
    store.select('vendors', where).map((vendor) => entry(vendor, request.companyCode)),
  );
}

function entry(vendor: SimVendor, companyCode: string): VendorListEntry {
  const contact = vendor.Contact_Name.trim();
  const space = contact.indexOf(' ');
  return {
    Company_Code: companyCode,
    Vendor_Code: vendor.Vendor_Code,
    Name: vendor.Vendor_Name,
    Address_1: vendor.Address_1,
    Address_2: vendor.Address_2,
    City: vendor.Address_3,
    State: vendor.State,
    Zip_Code: vendor.Zip_Code,
    First_Name: space < 0 ? contact : contact.slice(0, space),
    Last_Name: space < 0 ? '' : contact.slice(space + 1).trim(),
    Phone_Number: vendor.Contact_Phone || vendor.Phone,
    Email: vendor.Vendor_Email,
    Account_Reference: vendor.Our_Account_Number,
    Payment_Terms: vendor.Terms_Code,
    Payment_Term_Days: vendor.Terms_Days,
    Discount_Terms: vendor.Terms_Disc_Code,
    Discount_Term_Days: vendor.Terms_Disc_Days,
    Discount_Percent: vendor.Terms_Disc_Percent,
    Purchase_Location_Name: '',
    Purchase_Address_1: '',
    Purchase_Address_2: '',
    Purchase_City: '',
    Purchase_State: '',
    Purchase_Zip: '',
    Payment_Location_Name: '',
    Payment_Address_1: '',
    Payment_Address_2: '',
    Payment_City: '',
    Payment_State: '',
    Payment_Zip: '',
  };
}
