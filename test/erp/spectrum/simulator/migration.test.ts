import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startSpectrumSimulator } from '../../../../src/erp/spectrum/simulator/index.ts';
import { schemaVersion } from '../../../../src/erp/spectrum/simulator/migrations.ts';
import { getRows, putResponses, soapRequest } from '../raw-soap/raw-sdx.ts';

/*
 * A data file written by the first release (schema version 1, no version in its settings) opens with
 * today's simulator and keeps its records. The schema is the first release's, copied here as literal
 * SQL so that later changes to the table specs cannot quietly rewrite the starting point.
 */

const firstReleaseSchema = `
CREATE TABLE "jobs" ("Job_Number" TEXT NOT NULL DEFAULT '', "Job_Description" TEXT, "Division" TEXT, "Address_1" TEXT, "Address_2" TEXT, "City" TEXT, "State" TEXT, "Zip_Code" TEXT, "Customer_Code" TEXT, "Cost_Center" TEXT, "Price_Method_Code" TEXT, "Taxable_Flag" TEXT, "Status_Code" TEXT, "Contract_Number" TEXT, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Job_Number"));
CREATE TABLE "phases" ("Job_Number" TEXT NOT NULL DEFAULT '', "Phase_Code" TEXT NOT NULL DEFAULT '', "Cost_Type" TEXT NOT NULL DEFAULT '', "Description" TEXT, "Unit_of_Measure" TEXT, "Original_Est_Quantity" INTEGER, "Original_Est_Hours" INTEGER, "Original_Est_Cost" INTEGER, "Price_Method_Code" TEXT, "Status_Code" TEXT, "Current_Estimated_Dollars" INTEGER, "JTD_Actual_Dollars" INTEGER, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Job_Number", "Phase_Code", "Cost_Type"));
CREATE TABLE "vendors" ("Vendor_Code" TEXT NOT NULL DEFAULT '', "Vendor_Name" TEXT, "Alpha_Sort" TEXT, "Type" TEXT, "Address_1" TEXT, "Address_2" TEXT, "Address_3" TEXT, "State" TEXT, "Zip_Code" TEXT, "Phone_Number" TEXT, "Vendor_Email" TEXT, "Terms_Code" TEXT, "Terms_Days" TEXT, "Status_Code" TEXT, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Vendor_Code"));
CREATE TABLE "subcontracts" ("Vendor_Code" TEXT NOT NULL DEFAULT '', "Subcontract_Number" TEXT NOT NULL DEFAULT '', "Job_Number" TEXT, "GL_Account" TEXT, "Comment" TEXT, "Status_Code" TEXT, "Retention_Percent" INTEGER, "Date_Issued" TEXT, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Vendor_Code", "Subcontract_Number"));
CREATE TABLE "subcontractPhases" ("Vendor_Code" TEXT NOT NULL DEFAULT '', "Subcontract_Number" TEXT NOT NULL DEFAULT '', "Phase_Code" TEXT NOT NULL DEFAULT '', "Cost_Type" TEXT NOT NULL DEFAULT '', "Bid_Item_Number" TEXT NOT NULL DEFAULT '', "Bill_Description" TEXT, "Unit_Of_Measure" TEXT, "Original_Contract_Amount" INTEGER, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Vendor_Code", "Subcontract_Number", "Phase_Code", "Cost_Type", "Bid_Item_Number"));
CREATE TABLE "changeRequests" ("Job_Number" TEXT NOT NULL DEFAULT '', "Customer_Code" TEXT NOT NULL DEFAULT '', "Change_Request_Number" TEXT NOT NULL DEFAULT '', "CR_Description" TEXT, "CR_Status" TEXT, "Origination_Date" TEXT, "CR_Phase_Code" TEXT NOT NULL DEFAULT '', "CR_Cost_Type" TEXT NOT NULL DEFAULT '', "CR_Amount" INTEGER, "Subcontractor_Code" TEXT, "Subcontract_Number" TEXT, "Sub_Amount" INTEGER, "Sub_Status" TEXT, "Sub_Change_Order_Number" TEXT, "Sub_Description" TEXT, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Job_Number", "Customer_Code", "Change_Request_Number", "CR_Phase_Code", "CR_Cost_Type"));
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE writes (service TEXT PRIMARY KEY, count INTEGER NOT NULL);
`;

/** What a first-release simulator had stored after some exports (numbers in integer hundredths). */
const firstReleaseData = `
INSERT INTO settings VALUES ('companyCode', '001'), ('authorizationId', 'DEMO'), ('phaseMask', '##-###');
INSERT INTO writes VALUES ('AddJob', 1), ('AddPhase', 3), ('AddVendor', 1), ('UpdateSubcontract', 2),
  ('UpdateSubcontractPhases', 1), ('ARChangeRequest', 3);
INSERT INTO jobs VALUES ('25-100', 'Old Export Job', '10', '1 Old Road', NULL, 'Davis', 'CA', '95616',
  'LEGACYCO', '100', 'C', 'Y', 'A', 'OLD-1', 1);
INSERT INTO phases VALUES ('25-100', '01100', 'L', 'General Conditions', NULL, 0, 0, 1250050, 'J', 'A', 1300000, 4210, 2),
  ('25-100', '01100', 'M', 'General Conditions', 'EA', 1500, 0, -2500, 'J', 'A', -2500, 0, 1);
INSERT INTO vendors VALUES ('OLDVEND', 'Old Vendor Inc', 'OLDVEN', 'S', '5 Mill St', NULL, 'Chico', 'CA', '95928',
  '5305550199', 'ap@oldvendor.example.com', 'A', '30', 'A', 1),
  ('GONEVEND', 'Gone Vendor', 'GONEVE', 'S', NULL, NULL, NULL, 'CA', NULL, NULL, NULL, 'A', '15', 'I', 0);
INSERT INTO subcontracts VALUES ('OLDVEND', 'SC-1', '25-100', '5000', 'Old commitment', 'A', 1000, '01/15/2025', 2),
  ('OLDVEND', 'SC-VOID', '25-100', '5000', NULL, 'V', NULL, '01/16/2025', 1);
INSERT INTO subcontractPhases VALUES ('OLDVEND', 'SC-1', '01100', 'L', '', 'General', NULL, 5000025, 1);
INSERT INTO changeRequests VALUES
  ('25-100', 'LEGACYCO', 'CR1', 'Added scope', 'O', '02/01/2025', '01100', 'L', 150000, 'OLDVEND', 'SC-1', 150000, 'P', 'SCO1', 'Scope', 2),
  ('25-100', 'LEGACYCO', 'CR1', 'Added scope', 'O', '02/01/2025', '01100', 'M', -5050, NULL, NULL, NULL, NULL, NULL, NULL, 1);
`;

describe('a first-release data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-migration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function writeFirstReleaseFile(name: string): string {
    const file = join(dir, name);
    const db = new Database(file);
    db.exec(firstReleaseSchema);
    db.exec(firstReleaseData);
    db.close();
    return file;
  }

  it('opens with its records, numbers as decimals and renamed fields, the schema version recorded', async () => {
    const file = writeFirstReleaseFile('keeps.db');
    const sim = await startSpectrumSimulator({ dataFile: file, seed: 'empty' });
    try {
      const state = sim.state();
      expect(state.jobs).toEqual([
        expect.objectContaining({
          Company_Code: '001',
          Job_Number: '25-100',
          Job_Description: 'Old Export Job',
          Customer_Code: 'LEGACYCO',
          Taxable_Flag: 'Y',
          Contract_Number: 'OLD-1',
          writeCount: 1,
        }),
      ]);
      expect(state.phases).toEqual([
        expect.objectContaining({
          Phase_Code: '01100',
          Cost_Type: 'L',
          Original_Est_Cost: '12500.5',
          Current_Est_Cost: '13000',
          JTD_Actual_Dollars: '42.1',
          writeCount: 2,
        }),
        expect.objectContaining({
          Cost_Type: 'M',
          Original_Est_Quantity: '15',
          Current_Est_Quantity: '15',
          Original_Est_Cost: '-25',
          Current_Est_Cost: '-25',
        }),
      ]);
      expect(state.vendors.map((v) => [v.Vendor_Code, v.Phone, v.Status, v.Terms_Days])).toEqual([
        ['GONEVEND', '', 'I', '15'],
        ['OLDVEND', '5305550199', 'A', '30'],
      ]);
      expect(
        state.subcontracts.map((s) => [s.Subcontract_Number, s.Status_Code, s.Retention_Percent]),
      ).toEqual([
        ['SC-1', 'A', '10'],
        ['SC-VOID', 'C', ''],
      ]);
      expect(state.subcontractPhases).toEqual([
        expect.objectContaining({ Bid_Item_Number: '', Original_Contract_Amount: '50000.25', writeCount: 1 }),
      ]);
      expect(state.changeRequests).toEqual([
        expect.objectContaining({
          Job_Number: '25-100',
          Customer_Code: 'LEGACYCO',
          Change_Request_Number: 'CR1',
          CR_Description: 'Added scope',
          CR_Status: 'O',
          Origination_Date: '02/01/2025',
          writeCount: 3,
        }),
      ]);
      expect(state.changeRequestLines).toEqual([
        expect.objectContaining({
          Line_Number: '1',
          CR_Phase_Code: '01100',
          CR_Cost_Type: 'L',
          Change_Request_Amount: '1500',
          Subcontractor_Code: 'OLDVEND',
          Sub_Amount: '1500',
          Sub_Change_Order_Number: 'SCO1',
        }),
        expect.objectContaining({
          Line_Number: '2',
          CR_Cost_Type: 'M',
          Change_Request_Amount: '-50.5',
          Sub_Amount: '',
        }),
      ]);
      // The customer the old jobs name now exists, so the old change request keeps validating.
      expect(state.customers).toEqual([
        expect.objectContaining({ Customer_Code: 'LEGACYCO', Status: 'Active' }),
      ]);
      expect(state.writes).toMatchObject({ AddJob: 1, AddPhase: 3, ARChangeRequest: 3, UpdateVendor: 0 });
    } finally {
      await sim.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT value FROM settings WHERE name = 'schemaVersion'").get()).toEqual({
      value: String(schemaVersion),
    });
    db.close();
  });

  it('serves the migrated records through the documented services', async () => {
    const sim = await startSpectrumSimulator({ dataFile: writeFirstReleaseFile('serves.db') });
    const post = async (service: Parameters<typeof soapRequest>[0], values: Record<string, string>) => {
      const response = await fetch(`${sim.url}/ws/${service}`, {
        method: 'POST',
        body: soapRequest(service, values),
      });
      return response.text();
    };
    try {
      const phases = getRows('GetPhase', await post('GetPhase', { pJob_Number: '25-100' }));
      expect(
        phases.map((row) => [row.Cost_Type, row.Current_Estimated_Dollars, row.JTD_Actual_Dollars]),
      ).toEqual([
        ['L', '13000.00', '42.10'],
        ['M', '-25.00', '0.00'],
      ]);
      // The migrated change request's first line, updated by its identity (phase, cost type, subcontract).
      const line = {
        Job_Number: '25-100',
        Customer_Code: 'LEGACYCO',
        Change_Request_Number: 'CR1',
        CR_Phase_Code: '01100',
        CR_Cost_Type: 'L',
        Change_Request_Amount: '1750',
        Subcontractor_Code: 'OLDVEND',
        Subcontract_Number: 'SC-1',
        Sub_Status: 'P',
      };
      expect(putResponses('ARChangeRequest', await post('ARChangeRequest', line))).toEqual([
        { error_code: '', desc: 'updated', column: '' },
      ]);
      const lines = sim.state().changeRequestLines;
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ Change_Request_Amount: '1750', writeCount: 3 });
      // The demo seed fills in beside the old records without touching them.
      expect(sim.state().jobs.map((job) => job.Job_Number)).toContain('TEMPLATE1');
      expect(sim.state().jobs.find((job) => job.Job_Number === '25-100')?.writeCount).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('opens again unchanged: a migrated file is not migrated twice', async () => {
    const file = writeFirstReleaseFile('twice.db');
    const first = await startSpectrumSimulator({ dataFile: file, seed: 'empty' });
    const before = first.state();
    await first.close();
    const second = await startSpectrumSimulator({ dataFile: file, seed: 'empty' });
    try {
      expect(second.state()).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it('refuses a file written by a newer simulator', async () => {
    const file = join(dir, 'newer.db');
    const db = new Database(file);
    db.exec(
      "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO settings VALUES ('schemaVersion', '99')",
    );
    db.close();
    await expect(startSpectrumSimulator({ dataFile: file })).rejects.toThrow(/schema version 99/);
  });
});
