import { Checks } from '../checks.ts';
import { code, date, flag, numeric, phone, putHeader, text, udfs } from '../elements.ts';
import { blankRecord } from '../records.ts';
import { checkGlAccount } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService } from './service.ts';
import {
  checkDistribution,
  checkTaxIds,
  default1099,
  distributionLists,
  form1099Elements,
  missingDistribution,
} from './vendor-rules.ts';

/**
 * AddVendor (spectrum-sdx §14): adds an Active vendor; it never changes one (UpdateVendor does), so
 * an existing Vendor_Code is refused *(our profile: `I` "Vendor_Code already exists")*. Contact_Name is
 * the primary contact (GET /vendors answers it as First_Name / Last_Name).
 */
export const addVendor: PutService = {
  kind: 'put',
  name: 'AddVendor',
  elements: [
    ...putHeader,
    text('Vendor_Code', 10, { required: true, rules: ['key', 'upperAlnum'] }),
    text('Vendor_Name', 30, { required: true, rules: ['noCommas'] }),
    text('Alpha_Sort', 6, { required: true, rules: ['noCommas'] }),
    text('Type', 6),
    text('Address_1', 30),
    text('Address_2', 30),
    text('Address_3', 25),
    text('State', 2),
    text('Zip_Code', 10),
    phone('Phone'),
    phone('Fax_Phone'),
    text('Contact_Name', 20),
    text('Our_Account_Number', 25),
    code('Terms_Code', 1, ['A', 'B'], { required: true }),
    // Numeric 3, positive: whole days *(our profile)*.
    numeric('Terms_Days', 3, '3', { required: true }),
    code('Terms_Disc_Code', 1, ['A', 'B'], { required: true }),
    numeric('Terms_Disc_Days', 3, '3'),
    numeric('Terms_Disc_Percent', 6, '+'),
    flag('Insurance_Cert_Flag'),
    date('Insurance_Exp_Date'),
    flag('Hold_Flag'),
    numeric('Default_GL_Account', 12, '12'),
    ...distributionLists,
    text('Use_Tax_Code', 15),
    ...form1099Elements,
    flag('Disadv_Business_Flag'),
    text('Disadv_Business_Type', 10),
    text('Routing_Code1', 10),
    text('Routing_Code2', 10),
    numeric('Routing_Limit', 13, '+'),
    text('Vendor_Email', 80, { rules: ['email'] }),
    phone('Contact_Phone'),
    ...udfs(),
  ],
  required: ({ params }) => missingDistribution(overlay(blankRecord('vendors'), params)),
  execute(request) {
    const { params, store } = request;
    const checks = new Checks();
    if (store.find('vendors', { Vendor_Code: params.Vendor_Code ?? '' })) {
      checks.invalid('Vendor_Code', 'Vendor_Code already exists');
    }
    const vendor = overlay(blankRecord('vendors'), params);
    checkGlAccount(checks, request, 'Default_GL_Account', vendor.Default_GL_Account);
    checkDistribution(checks, request, vendor);
    checkTaxIds(checks, vendor, params);
    if (checks.errors.length) return { errors: checks.errors };
    vendor.Status = 'A';
    default1099(vendor);
    store.save('vendors', vendor);
    return { stored: 'added' };
  },
};
