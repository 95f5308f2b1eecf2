import { Checks, type ErrorRecord, type Params } from '../checks.ts';
import { code, date, flag, numeric, phone, putHeader, text } from '../elements.ts';
import { blankRecord, type FieldsOf } from '../records.ts';
import { checkGlAccount } from './company-files.ts';
import { overlay } from './overlay.ts';
import type { PutService, ServiceRequest } from './service.ts';
import {
  checkDistribution,
  checkTaxIds,
  default1099,
  distributionLists,
  form1099Elements,
  missingDistribution,
  sendsDistribution,
} from './vendor-rules.ts';

/** UpdateVendor's `City` is the field AddVendor calls `Address_3`: stored once, as `Address_3`. */
const elementOf = { Address_3: 'City' } as const;

/** What the payment method needs on the vendor (additions §1, assumption 7). */
const paymentSetup: Record<string, readonly (keyof FieldsOf<'vendors'>)[]> = {
  P: ['Checking_Account_Code', 'Account_Type', 'ABA_Number'],
  S: ['Checking_Account_Code', 'Account_Type', 'ABA_Number'],
  E: ['Checking_Account_Code', 'Account_Type', 'ABA_Number'],
  V: ['Address_1', 'Address_3', 'State', 'Zip_Code', 'Our_Account_Number'],
};

/** T5018 fields a recipient type requires, and those it does not allow (assumption 6). */
const recipientTypes: Record<string, { requires: readonly string[]; refuses: readonly string[] }> = {
  '1': {
    requires: ['Individual_First_Name', 'Individual_Last_Name'],
    refuses: ['Partnership_Filer_ID_Number', 'Alternate_T5018_Name'],
  },
  '3': {
    requires: [],
    refuses: [
      'Partnership_Filer_ID_Number',
      'Individual_First_Name',
      'Individual_Middle_Initial',
      'Individual_Last_Name',
    ],
  },
  '4': {
    requires: ['Partnership_Filer_ID_Number'],
    refuses: ['Individual_First_Name', 'Individual_Middle_Initial', 'Individual_Last_Name'],
  },
};

/**
 * UpdateVendor (additions §1): changes an existing vendor, only the elements sent (blank = unchanged).
 * The rules that concern the vendor as a whole (payment setup, recipient type, distribution lists,
 * exclusive tax IDs) are checked on the vendor as it would be stored, and only when the request sends
 * an element they concern, so an update never trips over a value it does not touch. The demo company
 * reports both US 1099 and Canadian T5018 data *(our profile)* and has no Multi-Currency module.
 */
export const updateVendor: PutService = {
  kind: 'put',
  name: 'UpdateVendor',
  elements: [
    ...putHeader,
    text('Vendor_Code', 10, { required: true, rules: ['key'] }),
    text('Vendor_Name', 30, { rules: ['noCommas'] }),
    text('Alpha_Sort', 6, { rules: ['noCommas'] }),
    text('Type', 6),
    text('Our_Account_Number', 25),
    text('Address_1', 30),
    text('Address_2', 30),
    text('City', 25),
    text('State', 2),
    text('Zip_Code', 10),
    text('Addr_Country', 25),
    phone('Phone'),
    phone('Fax_Phone'),
    text('Vendor_Email', 80, { rules: ['email'] }),
    text('Web_Site', 80),
    flag('Disadv_Business_Flag'),
    text('Disadv_Business_Type', 10),
    flag('Small_Business'),
    flag('Minority_Business'),
    flag('Woman_Business'),
    flag('Veteran_Business'),
    code('Status', 1, ['A', 'I', 'N']),
    text('Routing_Code1', 10),
    numeric('Routing_Limit', 13, '+'),
    text('Routing_Code2', 10),
    text('Use_Tax_Code', 15),
    numeric('Default_GL_Account', 12, '12'),
    flag('Hold_Flag'),
    ...distributionLists,
    code('Terms_Code', 1, ['A', 'B']),
    numeric('Terms_Days', 3, '3'),
    code('Terms_Disc_Code', 1, ['A', 'B']),
    numeric('Terms_Disc_Days', 3, '3'),
    numeric('Terms_Disc_Percent', 6, '+'),
    flag('Insurance_Cert_Flag'),
    date('Insurance_Exp_Date'),
    code('PO_Method', 1, ['1', '2']),
    code('Vendor_Status', 1, ['P', 'S', 'E', 'C', 'V']),
    text('Checking_Account_Code', 17),
    code('Account_Type', 1, ['C', 'S']),
    // Routing numbers are nine digits and may start with 0: kept as sent *(our profile)*.
    numeric('ABA_Number', 9, '9', { length: 9 }),
    text('Bank_Account_Code', 15),
    ...form1099Elements,
    code('Recipient_Type_Code', 1, ['1', '3', '4']),
    numeric('Social_Insurance_Number', 9, '9', { length: 9 }),
    text('Recipient_Account_Number', 15, { rules: ['noDashes'], length: 15 }),
    text('Partnership_Filer_ID_Number', 9),
    text('Alternate_T5018_Name', 30),
    text('Individual_First_Name', 12),
    text('Individual_Middle_Initial', 1),
    text('Individual_Last_Name', 20),
    text('Override_Currency_Code', 3),
  ],
  required(request) {
    const { params } = request;
    const vendor = updated(request);
    const missing: ErrorRecord[] = [];
    const need = (fields: readonly string[], why: string) => {
      for (const field of fields) {
        const column = elementOf[field as keyof typeof elementOf] ?? field;
        if (!vendor[field as keyof FieldsOf<'vendors'>])
          missing.push({ code: 'M', column, desc: `${column} is required ${why}` });
      }
    };
    if (params.Vendor_Status)
      need(paymentSetup[params.Vendor_Status] ?? [], `for payment method ${params.Vendor_Status}`);
    if (params.Recipient_Type_Code) {
      need(
        recipientTypes[params.Recipient_Type_Code]?.requires ?? [],
        `for recipient type ${params.Recipient_Type_Code}`,
      );
    }
    if (sendsDistribution(params)) missing.push(...missingDistribution(vendor));
    return missing;
  },
  execute(request) {
    const { params, store } = request;
    const checks = new Checks();
    const existing = store.find('vendors', { Vendor_Code: params.Vendor_Code ?? '' });
    if (!existing) {
      checks.invalid('Vendor_Code', `Vendor_Code ${params.Vendor_Code} does not exist`);
      return { errors: checks.errors };
    }
    const vendor = updated(request);
    checkGlAccount(checks, request, 'Default_GL_Account', params.Default_GL_Account ?? '');
    if (sendsDistribution(params)) checkDistribution(checks, request, vendor);
    checkTaxIds(checks, vendor, params);
    if (vendor.Social_Insurance_Number && vendor.Recipient_Account_Number) {
      const column = params.Recipient_Account_Number ? 'Recipient_Account_Number' : 'Social_Insurance_Number';
      checks.invalid(column, 'Social_Insurance_Number and Recipient_Account_Number are mutually exclusive');
    }
    const type = vendor.Recipient_Type_Code;
    for (const field of recipientTypes[type]?.refuses ?? []) {
      if (params[field]) checks.invalid(field, `${field} is not available for recipient type ${type}`);
    }
    if (params.Individual_Middle_Initial && type !== '1') {
      checks.invalid('Individual_Middle_Initial', 'Individual_Middle_Initial is only for recipient type 1');
    }
    if (params.Override_Currency_Code) {
      checks.invalid(
        'Override_Currency_Code',
        'Override_Currency_Code needs the Multi-Currency module, which is not installed',
      );
    }
    if (checks.errors.length) return { errors: checks.errors };
    default1099(vendor);
    store.save('vendors', vendor);
    return { stored: 'updated' };
  },
};

/** The vendor as the request would leave it (a new blank one when it does not exist). */
function updated({ params, store }: ServiceRequest): FieldsOf<'vendors'> {
  const existing = store.find('vendors', { Vendor_Code: params.Vendor_Code ?? '' });
  const { writeCount: _, ...stored } = existing ?? { ...blankRecord('vendors'), writeCount: 0 };
  return overlay(stored as FieldsOf<'vendors'>, params as Params, elementOf);
}
