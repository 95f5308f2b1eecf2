import { describe, expect, it } from 'vitest';
import {
  ADDED,
  basicAuth,
  codes,
  num,
  type PutResponse,
  simulatorPerFile,
  UPDATED,
  type Values,
  VENDOR_FIELDS,
} from './raw-sdx.ts';

/*
 * Vendors: GET /vendors/{Company_Code} (digest §10, REST with Basic Company_Code:Authorization_ID, §2),
 * AddVendor (§14, add-only per brief §3) and UpdateVendor (additions §1).
 */

const ACTIVE = [
  'ACMECONC',
  'BAYSTEEL',
  'CAPELEC',
  'DELTAPLMB',
  'EVERGRN',
  'FRONTRNG',
  'GRANITE',
  'HWYEQUIP',
  'JETMECH',
];
type Vendor = Record<string, unknown>;

const t = simulatorPerFile();

async function vendors(
  query = '',
  authorization = basicAuth('001', 'DEMO'),
  company = '001',
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${t.sim.url}/vendors/${company}${query}`, { headers: { authorization } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body, headers: response.headers };
}
const list = async (query = ''): Promise<Vendor[]> => {
  const answer = await vendors(query);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Vendor[];
};
const codesOf = (rows: Vendor[]) => rows.map((v) => v.Vendor_Code).sort();
const stored = (code: string | undefined) => t.sim.state().vendors.find((v) => v.Vendor_Code === code);

let serial = 0;
const vendor = (values: Values = {}): Values => ({
  Vendor_Code: `NEWV${++serial}`,
  Vendor_Name: 'New Vendor Supply',
  Alpha_Sort: 'NEWVEN',
  Terms_Code: 'A',
  Terms_Days: '30',
  Terms_Disc_Code: 'A',
  ...values,
});

describe('GET /vendors/{Company_Code} (digest §10, brief §3)', () => {
  it('lists the Active vendors as a JSON array of the documented fields in order, all strings', async () => {
    const answer = await vendors();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const rows = answer.body as Vendor[];
    expect(Array.isArray(rows)).toBe(true);
    expect(codesOf(rows)).toEqual(ACTIVE); // IRONWOOD is inactive
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([...VENDOR_FIELDS]);
      for (const [field, value] of Object.entries(row))
        expect(typeof value, `${row.Vendor_Code} ${field}`).toBe('string');
      expect(row.Company_Code).toBe('001');
      expect(['A', 'B']).toContain(row.Payment_Terms);
      expect(['A', 'B', '']).toContain(row.Discount_Terms);
      expect(row.Payment_Term_Days).toMatch(/^\d+$/);
    }
  });

  it('answers 401 to missing or wrong Basic credentials (username Company_Code, password Authorization_ID)', async () => {
    for (const authorization of [
      '',
      basicAuth('001', 'WRONG'),
      basicAuth('002', 'DEMO'),
      basicAuth('DEMO', '001'),
      'Bearer x',
    ]) {
      const answer = await vendors('', authorization);
      expect(answer.status, authorization).toBe(401);
      expect(answer.headers.get('www-authenticate') ?? '', authorization).toMatch(/Basic/i);
    }
    expect((await vendors('', basicAuth('002', 'DEMO'), '002')).status).toBe(401);
  });

  it('lets the read-only DEMOREAD list vendors: a Get service', async () => {
    const answer = await vendors('', basicAuth('001', 'DEMOREAD'));
    expect(answer.status).toBe(200);
    expect(codesOf(answer.body as Vendor[])).toEqual(ACTIVE);
  });

  it('filters exactly by state, city and name, which then need pCostCenter', async () => {
    const all = await list();
    const refused = await vendors(`?pState=${all[0]!.State}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: 'pCostCenter is required when filtering' });
    for (const field of ['State', 'City', 'Name'] as const) {
      const value = String(all[0]![field]);
      const rows = await list(`?p${field}=${encodeURIComponent(value)}&pCostCenter=ALL`);
      expect(codesOf(rows), `${field}=${value}`).toEqual(codesOf(all.filter((v) => v[field] === value)));
    }
    expect(codesOf(await list('?pCostCenter=ALL'))).toEqual(ACTIVE);
  });

  it('filters by vendor type (pType), a field AddVendor writes and the list does not return', async () => {
    expect(await t.sdx.put('AddVendor', vendor({ Vendor_Code: 'TYPEDV1', Type: 'ZTYPE' }))).toEqual(ADDED);
    expect(codesOf(await list('?pType=ZTYPE&pCostCenter=ALL'))).toEqual(['TYPEDV1']);
    expect((await vendors('?pType=ZTYPE')).status).toBe(400);
  });
});

describe('AddVendor (digest §14; add-only, brief §3)', () => {
  const full: Values = {
    Company_Code: '001',
    Vendor_Code: 'KILNBRICK',
    Vendor_Name: 'Kiln Brick & Tile',
    Alpha_Sort: 'KILNBR',
    Type: 'SUPPLY',
    Address_1: '9 Clay Pit Road',
    Address_2: 'Unit B',
    Address_3: 'Lincoln',
    State: 'CA',
    Zip_Code: '95648',
    Phone: '9165550199',
    Fax_Phone: '9165550198',
    Contact_Name: 'Maria Lopez',
    Our_Account_Number: 'LG-4471',
    Terms_Code: 'B',
    Terms_Days: '30',
    Terms_Disc_Code: 'A',
    Terms_Disc_Days: '10',
    Terms_Disc_Percent: '2.5',
    Insurance_Cert_Flag: 'Y',
    Insurance_Exp_Date: '12/31/2026',
    Hold_Flag: 'N',
    Default_GL_Account: '5000',
    GL_Distribution_Acct_List1: '6000',
    GL_Distrib_Percent_List1: '100',
    Use_Tax_Code: '',
    Send_1099_Flag: 'Y',
    Alt_1099_Name: 'Kiln Brick and Tile LLC',
    Fed_1099_Indicator: '',
    Social_Sec_Number: '',
    Fed_Id_Number: '123456789',
    Disadv_Business_Flag: 'N',
    Disadv_Business_Type: '',
    Routing_Code1: '',
    Routing_Code2: '',
    Routing_Limit: '',
    Vendor_Email: 'ap@kilnbrick.example',
    Contact_Phone: '9165550197',
  };

  it('stores the documented request with every element; the new vendor is Active and listed', async () => {
    const writes = t.sim.state().writes.AddVendor ?? 0;
    expect(await t.sdx.put('AddVendor', full)).toEqual(ADDED);
    expect(t.sim.state().writes.AddVendor).toBe(writes + 1);
    const record = stored('KILNBRICK')!;
    const numeric = [
      'Terms_Days',
      'Terms_Disc_Days',
      'Terms_Disc_Percent',
      'Default_GL_Account',
      'GL_Distribution_Acct_List1',
      'GL_Distrib_Percent_List1',
    ];
    expect(record).toMatchObject(
      Object.fromEntries(
        Object.entries(full).filter(
          ([name, value]) => value !== '' && !numeric.includes(name) && !name.endsWith('_Date'),
        ),
      ),
    );
    for (const name of numeric) expect(num(record[name]), name).toBe(num(full[name]));
    expect(record.writeCount).toBe(1);
    // Fed_1099_Indicator defaults to 7 when blank and Send_1099_Flag = Y (assumption 5).
    expect(record.Fed_1099_Indicator).toBe('7');

    const listed = (await list()).find((v) => v.Vendor_Code === 'KILNBRICK')!;
    expect(listed).toMatchObject({
      Company_Code: '001',
      Name: 'Kiln Brick & Tile',
      Address_1: '9 Clay Pit Road',
      Address_2: 'Unit B',
      City: 'Lincoln', // AddVendor's Address_3 is the city
      State: 'CA',
      Zip_Code: '95648',
      Account_Reference: 'LG-4471',
      Payment_Terms: 'B',
      Discount_Terms: 'A',
    });
    expect(num(listed.Payment_Term_Days)).toBe(30);
    expect(num(listed.Discount_Term_Days)).toBe(10);
    expect(num(listed.Discount_Percent)).toBe(2.5);
  });

  it('answers M for each required element, in parameter order, Terms_Disc_Code included', async () => {
    const writes = t.sim.state().writes.AddVendor ?? 0;
    expect(codes(await t.sdx.put('AddVendor', { Type: 'SUPPLY' }))).toEqual([
      ['M', 'Vendor_Code'],
      ['M', 'Vendor_Name'],
      ['M', 'Alpha_Sort'],
      ['M', 'Terms_Code'],
      ['M', 'Terms_Days'],
      ['M', 'Terms_Disc_Code'],
    ]);
    expect(codes(await t.sdx.put('AddVendor', vendor({ Terms_Disc_Code: '' })))).toEqual([
      ['M', 'Terms_Disc_Code'],
    ]);
    expect(t.sim.state().writes.AddVendor).toBe(writes);
  });

  it('takes the Authorization ID company for a blank Company_Code', async () => {
    const request = vendor({ Company_Code: '' });
    expect(await t.sdx.put('AddVendor', request)).toEqual(ADDED);
    expect(stored(request.Vendor_Code)).toMatchObject({ Company_Code: '001' });
  });

  it('is add-only: an existing Vendor_Code is refused, "Vendor_Code already exists", and left untouched', async () => {
    for (const code of ['ACMECONC', 'IRONWOOD']) {
      const before = stored(code);
      expect(
        await t.sdx.put('AddVendor', vendor({ Vendor_Code: code, Address_1: '1 Changed Street' })),
      ).toEqual([{ error_code: 'I', desc: 'Vendor_Code already exists', column: 'Vendor_Code' }]);
      expect(stored(code)).toEqual(before);
    }
    expect(codesOf(await list())).toEqual(expect.not.arrayContaining(['IRONWOOD']));
  });

  it('checks terms: codes A or B, days positive whole numbers of at most 3 digits', async () => {
    expect(codes(await t.sdx.put('AddVendor', vendor({ Terms_Code: 'C', Terms_Disc_Code: 'X' })))).toEqual([
      ['I', 'Terms_Code'],
      ['I', 'Terms_Disc_Code'],
    ]);
    for (const days of ['x', '-5', '1000', '1.5']) {
      expect(codes(await t.sdx.put('AddVendor', vendor({ Terms_Days: days }))), days).toEqual([
        ['I', 'Terms_Days'],
      ]);
    }
    expect(codes(await t.sdx.put('AddVendor', vendor({ Terms_Disc_Days: '-1' })))).toEqual([
      ['I', 'Terms_Disc_Days'],
    ]);
  });

  it('refuses commas in the name, the sort key and the 1099 name (digest §14)', async () => {
    expect(
      codes(
        await t.sdx.put(
          'AddVendor',
          vendor({ Vendor_Name: 'Kiln, Brick', Alpha_Sort: 'KI,LN', Alt_1099_Name: 'A, B' }),
        ),
      ),
    ).toEqual([
      ['I', 'Vendor_Name'],
      ['I', 'Alpha_Sort'],
      ['I', 'Alt_1099_Name'],
    ]);
  });

  it('checks the email, the flags, the insurance date and the 1099 indicator', async () => {
    expect(codes(await t.sdx.put('AddVendor', vendor({ Vendor_Email: 'not an email' })))).toEqual([
      ['I', 'Vendor_Email'],
    ]);
    expect(codes(await t.sdx.put('AddVendor', vendor({ Hold_Flag: 'X' })))).toEqual([['I', 'Hold_Flag']]);
    expect(codes(await t.sdx.put('AddVendor', vendor({ Insurance_Exp_Date: '31/12/2026' })))).toEqual([
      ['I', 'Insurance_Exp_Date'],
    ]);
    expect(codes(await t.sdx.put('AddVendor', vendor({ Fed_1099_Indicator: 'B' })))).toEqual([
      ['I', 'Fed_1099_Indicator'],
    ]);
    const request = vendor({ Send_1099_Flag: 'N', Social_Sec_Number: '123456789', Fed_1099_Indicator: '' });
    expect(await t.sdx.put('AddVendor', request)).toEqual(ADDED);
    expect(stored(request.Vendor_Code)).toMatchObject({ Social_Sec_Number: '123456789' });
    expect(stored(request.Vendor_Code)!.Fed_1099_Indicator ?? '').toBe('');
  });

  it('refuses an SSN together with a Fed ID (assumption 7)', async () => {
    const records = await t.sdx.put(
      'AddVendor',
      vendor({ Social_Sec_Number: '123456789', Fed_Id_Number: '987654321' }),
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.error_code).toBe('I');
    expect(['Social_Sec_Number', 'Fed_Id_Number']).toContain(records[0]!.column);
  });

  it('checks the G/L accounts and that the distribution percentages total 100, one per account (assumption 9)', async () => {
    const single = (records: PutResponse[]) => {
      expect(records, JSON.stringify(records)).toHaveLength(1);
      expect(records[0]!.error_code).toBe('I');
      return records[0]!.column;
    };
    expect(
      single(
        await t.sdx.put(
          'AddVendor',
          vendor({ GL_Distribution_Acct_List1: '6000', GL_Distrib_Percent_List1: '60' }),
        ),
      ),
    ).toMatch(/^GL_Distrib/);
    // An account without its percentage, or a percentage without its account: the other one is missing.
    expect(codes(await t.sdx.put('AddVendor', vendor({ GL_Distribution_Acct_List1: '6000' })))).toEqual([
      ['M', 'GL_Distrib_Percent_List1'],
    ]);
    expect(codes(await t.sdx.put('AddVendor', vendor({ GL_Distrib_Percent_List1: '100' })))).toEqual([
      ['M', 'GL_Distribution_Acct_List1'],
    ]);
    expect(
      single(
        await t.sdx.put(
          'AddVendor',
          vendor({ GL_Distribution_Acct_List1: '9999', GL_Distrib_Percent_List1: '100' }),
        ),
      ),
    ).toBe('GL_Distribution_Acct_List1');
    // A distribution account must not be a direct job-cost account (digest §14: "non-direct").
    expect(
      single(
        await t.sdx.put(
          'AddVendor',
          vendor({ GL_Distribution_Acct_List1: '5000', GL_Distrib_Percent_List1: '100' }),
        ),
      ),
    ).toBe('GL_Distribution_Acct_List1');
    expect(single(await t.sdx.put('AddVendor', vendor({ Default_GL_Account: '9999' })))).toBe(
      'Default_GL_Account',
    );
    expect(
      await t.sdx.put(
        'AddVendor',
        vendor({ GL_Distribution_Acct_List1: '6000', GL_Distrib_Percent_List1: '100' }),
      ),
    ).toEqual(ADDED);
  });

  it('ignores UDF values (none mapped on the demo Authorization IDs)', async () => {
    const request = vendor({ UDF1: 'x', UDF20: 'y' });
    expect(await t.sdx.put('AddVendor', request)).toEqual(ADDED);
    expect(stored(request.Vendor_Code)!.UDF1 ?? '').toBe('');
  });
});

describe('UpdateVendor (additions §1; brief §3)', () => {
  it('stores the documented request with every element', async () => {
    const full: Values = {
      Company_Code: '001',
      Vendor_Code: 'JETMECH',
      Vendor_Name: 'Jet Mechanical Inc',
      Alpha_Sort: 'JETMEC',
      Type: 'SUB',
      Our_Account_Number: 'LG-0099',
      Address_1: '400 Turbine Way',
      Address_2: 'Bldg 2',
      City: 'Rancho Cordova',
      State: 'CA',
      Zip_Code: '95670',
      Addr_Country: 'USA',
      Phone: '9165550150',
      Fax_Phone: '9165550151',
      Vendor_Email: 'ap@jetmech.example',
      Web_Site: 'jetmech.example',
      Disadv_Business_Flag: 'N',
      Disadv_Business_Type: '',
      Small_Business: 'Y',
      Minority_Business: 'N',
      Woman_Business: 'N',
      Veteran_Business: 'Y',
      Status: 'A',
      Routing_Code1: '',
      Routing_Limit: '',
      Routing_Code2: '',
      Use_Tax_Code: '',
      Default_GL_Account: '5100',
      Hold_Flag: 'N',
      GL_Distribution_Acct_List1: '6000',
      GL_Distrib_Percent_List1: '100',
      Terms_Code: 'A',
      Terms_Days: '30',
      Terms_Disc_Code: 'B',
      Terms_Disc_Days: '10',
      Terms_Disc_Percent: '1.5',
      Insurance_Cert_Flag: 'Y',
      Insurance_Exp_Date: '06/30/2027',
      PO_Method: '1',
      Vendor_Status: 'E',
      Checking_Account_Code: '000123456789',
      Account_Type: 'S',
      ABA_Number: '121000358',
      Bank_Account_Code: '',
      Send_1099_Flag: 'Y',
      Alt_1099_Name: 'Jet Mechanical',
      Fed_1099_Indicator: '7',
      Social_Sec_Number: '',
      Fed_Id_Number: '123456789',
      Recipient_Type_Code: '3',
      Social_Insurance_Number: '',
      Recipient_Account_Number: '123456789RT0001',
      Partnership_Filer_ID_Number: '',
      Alternate_T5018_Name: 'Jet Mechanical',
      Individual_First_Name: '',
      Individual_Middle_Initial: '',
      Individual_Last_Name: '',
      Override_Currency_Code: '',
    };
    const writes = t.sim.state().writes.UpdateVendor ?? 0;
    expect(await t.sdx.put('UpdateVendor', full)).toEqual(UPDATED);
    expect(t.sim.state().writes.UpdateVendor).toBe(writes + 1);
    expect(stored('JETMECH')).toMatchObject({
      Vendor_Name: 'Jet Mechanical Inc',
      Alpha_Sort: 'JETMEC',
      Address_1: '400 Turbine Way',
      Vendor_Email: 'ap@jetmech.example',
      Hold_Flag: 'N',
      Vendor_Status: 'E',
    });
    const listed = (await list()).find((v) => v.Vendor_Code === 'JETMECH')!;
    expect(listed).toMatchObject({
      Name: 'Jet Mechanical Inc',
      Address_1: '400 Turbine Way',
      Address_2: 'Bldg 2',
      City: 'Rancho Cordova',
      State: 'CA',
      Zip_Code: '95670',
      Account_Reference: 'LG-0099',
      Payment_Terms: 'A',
      Discount_Terms: 'B',
    });
    expect(num(listed.Payment_Term_Days)).toBe(30);
    expect(num(listed.Discount_Term_Days)).toBe(10);
    expect(num(listed.Discount_Percent)).toBe(1.5);
  });

  it('changes only the elements sent, keeps the rest, and counts the write', async () => {
    const before = (await list()).find((v) => v.Vendor_Code === 'BAYSTEEL')!;
    const writes = t.sim.state().writes.UpdateVendor ?? 0;
    const recordWrites = stored('BAYSTEEL')!.writeCount ?? 0;
    expect(
      await t.sdx.put('UpdateVendor', {
        Vendor_Code: 'BAYSTEEL',
        Address_1: '77 Foundry Lane',
        City: 'West Sacramento',
      }),
    ).toEqual(UPDATED);
    expect(t.sim.state().writes.UpdateVendor).toBe(writes + 1);
    expect(stored('BAYSTEEL')!.writeCount).toBe(recordWrites + 1);
    const after = (await list()).find((v) => v.Vendor_Code === 'BAYSTEEL')!;
    expect(after).toEqual({ ...before, Address_1: '77 Foundry Lane', City: 'West Sacramento' });
  });

  it('needs the vendor to exist: I, column Vendor_Code; M when Vendor_Code is blank', async () => {
    const writes = t.sim.state().writes.UpdateVendor ?? 0;
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'NOSUCH', City: 'Nowhere' }))).toEqual([
      ['I', 'Vendor_Code'],
    ]);
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: '', City: 'Nowhere' }))).toEqual([
      ['M', 'Vendor_Code'],
    ]);
    expect(t.sim.state().vendors.some((v) => v.Vendor_Code === 'NOSUCH')).toBe(false);
    expect(t.sim.state().writes.UpdateVendor).toBe(writes);
  });

  it('takes the Authorization ID company for a blank Company_Code (not required here)', async () => {
    expect(
      await t.sdx.put('UpdateVendor', {
        Company_Code: '',
        Vendor_Code: 'CAPELEC',
        Web_Site: 'capelec.example',
      }),
    ).toEqual(UPDATED);
  });

  it('sets the vendor status: Inactive leaves the vendor list, Active brings it back; A, I or N only', async () => {
    expect(await t.sdx.put('UpdateVendor', { Vendor_Code: 'GRANITE', Status: 'I' })).toEqual(UPDATED);
    expect(codesOf(await list())).not.toContain('GRANITE');
    expect(await t.sdx.put('UpdateVendor', { Vendor_Code: 'GRANITE', Status: 'A' })).toEqual(UPDATED);
    expect(codesOf(await list())).toContain('GRANITE');
    expect(await t.sdx.put('UpdateVendor', { Vendor_Code: 'IRONWOOD', Status: 'A' })).toEqual(UPDATED);
    expect(codesOf(await list())).toContain('IRONWOOD');
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'GRANITE', Status: 'X' }))).toEqual([
      ['I', 'Status'],
    ]);
  });

  it('changes the terms (optional here) within their values', async () => {
    expect(
      await t.sdx.put('UpdateVendor', { Vendor_Code: 'EVERGRN', Terms_Code: 'B', Terms_Days: '45' }),
    ).toEqual(UPDATED);
    const listed = (await list()).find((v) => v.Vendor_Code === 'EVERGRN')!;
    expect(listed.Payment_Terms).toBe('B');
    expect(num(listed.Payment_Term_Days)).toBe(45);
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'EVERGRN', Terms_Code: 'C' }))).toEqual([
      ['I', 'Terms_Code'],
    ]);
  });

  it('applies the AddVendor format rules: commas, dashes, email, flags', async () => {
    expect(
      codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'JETMECH', Vendor_Name: 'Jet, Mechanical' })),
    ).toEqual([['I', 'Vendor_Name']]);
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'JETMECH', Phone: '916-555-0100' }))).toEqual(
      [['I', 'Phone']],
    );
    expect(
      codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'JETMECH', Vendor_Email: 'jet at example' })),
    ).toEqual([['I', 'Vendor_Email']]);
    for (const flag of [
      'Small_Business',
      'Minority_Business',
      'Woman_Business',
      'Veteran_Business',
      'Hold_Flag',
    ]) {
      expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'JETMECH', [flag]: 'X' })), flag).toEqual([
        ['I', flag],
      ]);
    }
  });

  it('checks the payment method and its electronic-payment fields', async () => {
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'HWYEQUIP', Vendor_Status: 'Z' }))).toEqual([
      ['I', 'Vendor_Status'],
    ]);
    expect(codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'HWYEQUIP', Account_Type: 'X' }))).toEqual([
      ['I', 'Account_Type'],
    ]);
    expect(
      codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'HWYEQUIP', ABA_Number: '12345678A' })),
    ).toEqual([['I', 'ABA_Number']]);
    expect(
      await t.sdx.put('UpdateVendor', {
        Vendor_Code: 'HWYEQUIP',
        Vendor_Status: 'E',
        Checking_Account_Code: '000123456789',
        Account_Type: 'C',
        ABA_Number: '121000358',
      }),
    ).toEqual(UPDATED);
    expect(stored('HWYEQUIP')).toMatchObject({ Vendor_Status: 'E', Account_Type: 'C' });
  });

  it('applies the 1099 rules: SSN xor Fed ID, indicator 7 by default when Send_1099_Flag is Y', async () => {
    const both = await t.sdx.put('UpdateVendor', {
      Vendor_Code: 'DELTAPLMB',
      Social_Sec_Number: '123456789',
      Fed_Id_Number: '987654321',
    });
    expect(both).toHaveLength(1);
    expect(both[0]!.error_code).toBe('I');
    expect(
      await t.sdx.put('UpdateVendor', {
        Vendor_Code: 'DELTAPLMB',
        Send_1099_Flag: 'Y',
        Fed_Id_Number: '987654321',
      }),
    ).toEqual(UPDATED);
    expect(stored('DELTAPLMB')).toMatchObject({
      Send_1099_Flag: 'Y',
      Fed_1099_Indicator: '7',
      Fed_Id_Number: '987654321',
    });
  });

  it('applies the T5018 rules of the recipient type (assumption 6)', async () => {
    expect(
      codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'FRONTRNG', Recipient_Type_Code: '2' })),
    ).toEqual([['I', 'Recipient_Type_Code']]);
    expect(
      codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'FRONTRNG', Recipient_Type_Code: '1' })),
    ).toEqual([
      ['M', 'Individual_First_Name'],
      ['M', 'Individual_Last_Name'],
    ]);
    expect(
      codes(await t.sdx.put('UpdateVendor', { Vendor_Code: 'FRONTRNG', Recipient_Type_Code: '4' })),
    ).toEqual([['M', 'Partnership_Filer_ID_Number']]);
    expect(
      codes(
        await t.sdx.put('UpdateVendor', { Vendor_Code: 'FRONTRNG', Social_Insurance_Number: '12345678' }),
      ),
    ).toEqual([['I', 'Social_Insurance_Number']]);
    expect(
      codes(
        await t.sdx.put('UpdateVendor', {
          Vendor_Code: 'FRONTRNG',
          Recipient_Account_Number: '12345678901234',
        }),
      ),
    ).toEqual([['I', 'Recipient_Account_Number']]);
    const both = await t.sdx.put('UpdateVendor', {
      Vendor_Code: 'FRONTRNG',
      Social_Insurance_Number: '123456789',
      Recipient_Account_Number: '123456789RT0001',
    });
    expect(both).toHaveLength(1);
    expect(both[0]!.error_code).toBe('I');
    expect(
      await t.sdx.put('UpdateVendor', {
        Vendor_Code: 'FRONTRNG',
        Recipient_Type_Code: '1',
        Individual_First_Name: 'Jean',
        Individual_Last_Name: 'Tremblay',
        Social_Insurance_Number: '123456789',
      }),
    ).toEqual(UPDATED);
  });

  it('checks the distribution percentages total 100 as AddVendor does', async () => {
    const records = await t.sdx.put('UpdateVendor', {
      Vendor_Code: 'ACMECONC',
      GL_Distribution_Acct_List1: '6000',
      GL_Distrib_Percent_List1: '40',
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.error_code).toBe('I');
    expect(
      await t.sdx.put('UpdateVendor', {
        Vendor_Code: 'ACMECONC',
        GL_Distribution_Acct_List1: '6000',
        GL_Distrib_Percent_List1: '100',
      }),
    ).toEqual(UPDATED);
  });
});
