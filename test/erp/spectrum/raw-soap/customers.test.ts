import { describe, expect, it } from 'vitest';
import { ERROR_FIELDS, RETURN_FIELDS, type Row, simulatorPerFile } from './raw-sdx.ts';

/*
 * GetCustomers (digest §11): pStatus empty = Active, I = Active and Inactive, ALL = every customer;
 * Taxable_Flag and Status as words; the Error_* fields end each row too (brief §3).
 */

const ACTIVE = ['CITYFRES', 'GENCUST', 'HARBORVW', 'RIVHEALTH', 'SUSD', 'WESTGATE'];
const t = simulatorPerFile();
const customerCodes = (rows: Row[]) => rows.map((row) => row.Customer_Code).sort();

describe('GetCustomers', () => {
  it('lists the Active customers for the documented request (empty pStatus)', async () => {
    const rows = await t.sdx.get('GetCustomers');
    expect(customerCodes(rows)).toEqual(ACTIVE);
    for (const row of rows)
      expect(row).toMatchObject({ Company_Code: '001', Status: 'Active', Error_Code: '' });
  });

  it('answers exactly the documented fields in order, then Error_*', async () => {
    for (const row of await t.sdx.get('GetCustomers', { pStatus: 'ALL' })) {
      expect(Object.keys(row)).toEqual([...RETURN_FIELDS.GetCustomers, ...ERROR_FIELDS]);
    }
  });

  it('adds the Inactive ones for I, and every customer for ALL', async () => {
    const withInactive = await t.sdx.get('GetCustomers', { pStatus: 'I' });
    expect(customerCodes(withInactive)).toEqual([...ACTIVE, 'OLDCUST'].sort());
    expect(withInactive.find((row) => row.Customer_Code === 'OLDCUST')).toMatchObject({ Status: 'Inactive' });
    const all = await t.sdx.get('GetCustomers', { pStatus: 'ALL' });
    expect(customerCodes(all)).toEqual([...ACTIVE, 'OLDCUST'].sort()); // the demo seed has no "Not Used" one
  });

  it('answers I, column pStatus, for any other status', async () => {
    for (const status of ['A', 'X', 'all']) {
      const rows = await t.sdx.get('GetCustomers', { pStatus: status });
      expect(rows, status).toHaveLength(1);
      for (const field of RETURN_FIELDS.GetCustomers) expect(rows[0]![field], field).toBe('');
      expect(rows[0], status).toMatchObject({ Error_Code: 'I', Error_Column: 'pStatus' });
    }
  });

  it('writes Taxable_Flag and Status as words, and the price level as 1–5 or blank', async () => {
    for (const row of await t.sdx.get('GetCustomers', { pStatus: 'ALL' })) {
      expect(['Taxable', 'Non-Taxable', 'No Default']).toContain(row.Taxable_Flag);
      expect(['Active', 'Inactive', 'Not Used']).toContain(row.Status);
      expect(row.Price_Level_Material).toMatch(/^[1-5]?$/);
      expect(row.Name).not.toBe('');
      expect(row.Phone_Number).not.toContain('-');
    }
  });

  it('names the customer GetJobMain names for the job (digest §7 Customer_Name)', async () => {
    const customers = await t.sdx.get('GetCustomers', { pStatus: 'ALL' });
    for (const job of await t.sdx.get('GetJobMain')) {
      if (job.Customer_Code === '') continue;
      expect(job.Customer_Name, job.Job_Number).toBe(
        customers.find((c) => c.Customer_Code === job.Customer_Code)!.Name,
      );
    }
  });

  it('defaults the company and refuses another one', async () => {
    expect(await t.sdx.get('GetCustomers', { pCompany_Code: '' })).toEqual(await t.sdx.get('GetCustomers'));
    const rows = await t.sdx.get('GetCustomers', { pCompany_Code: '002' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Customer_Code: '', Error_Code: 'A', Error_Column: 'pCompany_Code' });
  });
});
