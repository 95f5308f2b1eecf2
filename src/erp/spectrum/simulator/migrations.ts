import type SqliteDatabase from 'better-sqlite3';
import { canonicalNumber } from './formats.ts';
import { type TableSpec, tables } from './records.ts';
import { demoCustomers } from './seed.ts';

/**
 * Data files outlive simulator versions. The settings table carries `schemaVersion`; a file without
 * one but with a `jobs` table was written by the first release (version 1). Steps rewrite what cannot
 * be added in place (renamed columns, integer hundredths become decimal text, re-keyed tables), each
 * with the literal SQL of its own two versions; afterwards `ensureTables` adds whatever tables, columns
 * and indexes records.ts declares and the file lacks, so purely additive changes need no step.
 */
export const schemaVersion = 2;

type Database = SqliteDatabase.Database;

const steps: Record<number, (db: Database) => void> = { 1: fromFirstRelease };

export function migrate(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const stored = db.prepare("SELECT value FROM settings WHERE name = 'schemaVersion'").get() as
    | { value: string }
    | undefined;
  const hasJobs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get();
  let version = stored ? Number(stored.value) : hasJobs ? 1 : schemaVersion;
  if (version > schemaVersion) {
    throw new Error(
      `the data file has schema version ${version}; this simulator knows up to ${schemaVersion}`,
    );
  }
  db.transaction(() => {
    for (; version < schemaVersion; version++) {
      const step = steps[version];
      if (!step) throw new Error(`no migration from schema version ${version}`);
      step(db);
    }
    ensureTables(db);
    db.prepare(
      "INSERT INTO settings (name, value) VALUES ('schemaVersion', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    ).run(String(schemaVersion));
  })();
}

/** Creates missing tables, columns and indexes from the table specs (additive only). */
function ensureTables(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS writes (service TEXT PRIMARY KEY, count INTEGER NOT NULL)');
  db.exec('CREATE TABLE IF NOT EXISTS truncations (element TEXT PRIMARY KEY, count INTEGER NOT NULL)');
  for (const [name, spec] of Object.entries(tables) as [string, TableSpec][]) {
    const columns = spec.fields.map((field) => columnDefinition(spec, field));
    const key = spec.key.map((field) => `"${field}"`).join(', ');
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${name}" (${columns.join(', ')}, writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (${key}))`,
    );
    const existing = new Set(
      (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((column) => column.name),
    );
    for (const field of spec.fields) {
      if (!existing.has(field)) db.exec(`ALTER TABLE "${name}" ADD COLUMN ${columnDefinition(spec, field)}`);
    }
    for (const index of spec.indexes ?? []) {
      db.exec(
        `CREATE INDEX IF NOT EXISTS "${name}_${index.join('_')}" ON "${name}" (${index.map((f) => `"${f}"`).join(', ')})`,
      );
    }
  }
}

function columnDefinition(spec: TableSpec, field: string): string {
  if (spec.integers?.includes(field))
    return `"${field}" INTEGER${spec.key.includes(field) ? ' NOT NULL' : ''}`;
  // Key columns hold '' for an empty key part (e.g. no bid item), so that the primary key is unique.
  return `"${field}" TEXT${spec.key.includes(field) ? " NOT NULL DEFAULT ''" : ''}`;
}

/**
 * Version 1 → 2: the first release's profile (spectrum-sdx §20) to the documented one.
 * - Numbers were integer hundredths; they become decimal text.
 * - phases: `Current_Estimated_Dollars` is AddPhase's `Current_Est_Cost`; the current quantity and hours
 *   followed the original ones (v1 had no separate elements for them).
 * - vendors: `Phone_Number` is AddVendor's `Phone`; `Status_Code` is UpdateVendor's `Status`.
 * - subcontracts: status `V` (void) has no documented equivalent; it becomes `C`, which takes no costs.
 * - changeRequests: one row per phase × cost type with the header repeated becomes a header table
 *   (`changeRequests`) and numbered cost lines (`changeRequestLines`); `CR_Amount` is
 *   `Change_Request_Amount`.
 * - records carried no Company_Code: they take the file's company.
 * - customers did not exist: every customer code the jobs and change requests name gets a customer
 *   (the demo company's record where the code is one of its customers), so they keep validating.
 */
function fromFirstRelease(db: Database): void {
  db.function('v1_number', { deterministic: true }, (hundredths: unknown) => {
    if (hundredths === null || hundredths === undefined) return null;
    const value = Number(hundredths);
    const sign = value < 0 ? '-' : '';
    const magnitude = Math.abs(value);
    return canonicalNumber(
      `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`,
    );
  });

  db.exec(`
    ALTER TABLE phases RENAME TO phases_v1;
    CREATE TABLE phases ("Job_Number" TEXT NOT NULL DEFAULT '', "Phase_Code" TEXT NOT NULL DEFAULT '',
      "Cost_Type" TEXT NOT NULL DEFAULT '', "Description" TEXT, "Unit_of_Measure" TEXT,
      "Original_Est_Quantity" TEXT, "Original_Est_Hours" TEXT, "Original_Est_Cost" TEXT,
      "Price_Method_Code" TEXT, "Status_Code" TEXT, "Current_Est_Cost" TEXT, "JTD_Actual_Dollars" TEXT,
      "Current_Est_Quantity" TEXT, "Current_Est_Hours" TEXT,
      writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Job_Number", "Phase_Code", "Cost_Type"));
    INSERT INTO phases SELECT "Job_Number", "Phase_Code", "Cost_Type", "Description", "Unit_of_Measure",
      v1_number("Original_Est_Quantity"), v1_number("Original_Est_Hours"), v1_number("Original_Est_Cost"),
      "Price_Method_Code", "Status_Code", v1_number("Current_Estimated_Dollars"),
      v1_number("JTD_Actual_Dollars"), v1_number("Original_Est_Quantity"), v1_number("Original_Est_Hours"),
      writeCount FROM phases_v1;
    DROP TABLE phases_v1;

    ALTER TABLE vendors RENAME COLUMN "Phone_Number" TO "Phone";
    ALTER TABLE vendors RENAME COLUMN "Status_Code" TO "Status";

    ALTER TABLE subcontracts RENAME TO subcontracts_v1;
    CREATE TABLE subcontracts ("Vendor_Code" TEXT NOT NULL DEFAULT '',
      "Subcontract_Number" TEXT NOT NULL DEFAULT '', "Job_Number" TEXT, "GL_Account" TEXT, "Comment" TEXT,
      "Status_Code" TEXT, "Retention_Percent" TEXT, "Date_Issued" TEXT,
      writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Vendor_Code", "Subcontract_Number"));
    INSERT INTO subcontracts SELECT "Vendor_Code", "Subcontract_Number", "Job_Number", "GL_Account",
      "Comment", CASE "Status_Code" WHEN 'V' THEN 'C' ELSE "Status_Code" END, v1_number("Retention_Percent"),
      "Date_Issued", writeCount FROM subcontracts_v1;
    DROP TABLE subcontracts_v1;

    ALTER TABLE subcontractPhases RENAME TO subcontractPhases_v1;
    CREATE TABLE subcontractPhases ("Vendor_Code" TEXT NOT NULL DEFAULT '',
      "Subcontract_Number" TEXT NOT NULL DEFAULT '', "Phase_Code" TEXT NOT NULL DEFAULT '',
      "Cost_Type" TEXT NOT NULL DEFAULT '', "Bid_Item_Number" TEXT NOT NULL DEFAULT '',
      "Bill_Description" TEXT, "Unit_Of_Measure" TEXT, "Original_Contract_Amount" TEXT,
      writeCount INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY ("Vendor_Code", "Subcontract_Number", "Phase_Code", "Cost_Type", "Bid_Item_Number"));
    INSERT INTO subcontractPhases SELECT "Vendor_Code", "Subcontract_Number", "Phase_Code", "Cost_Type",
      "Bid_Item_Number", "Bill_Description", "Unit_Of_Measure", v1_number("Original_Contract_Amount"),
      writeCount FROM subcontractPhases_v1;
    DROP TABLE subcontractPhases_v1;

    ALTER TABLE changeRequests RENAME TO changeRequests_v1;
    CREATE TABLE changeRequests ("Job_Number" TEXT NOT NULL DEFAULT '',
      "Customer_Code" TEXT NOT NULL DEFAULT '', "Change_Request_Number" TEXT NOT NULL DEFAULT '',
      "CR_Description" TEXT, "CR_Status" TEXT, "Origination_Date" TEXT,
      writeCount INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY ("Job_Number", "Customer_Code", "Change_Request_Number"));
    INSERT INTO changeRequests SELECT "Job_Number", "Customer_Code", "Change_Request_Number",
      MAX("CR_Description"), MAX("CR_Status"), MAX("Origination_Date"), SUM(writeCount)
      FROM changeRequests_v1 GROUP BY "Job_Number", "Customer_Code", "Change_Request_Number";
    CREATE TABLE changeRequestLines ("Job_Number" TEXT NOT NULL DEFAULT '',
      "Customer_Code" TEXT NOT NULL DEFAULT '', "Change_Request_Number" TEXT NOT NULL DEFAULT '',
      "Line_Number" INTEGER NOT NULL, "CR_Phase_Code" TEXT, "CR_Cost_Type" TEXT,
      "Change_Request_Amount" TEXT, "Subcontractor_Code" TEXT, "Subcontract_Number" TEXT, "Sub_Amount" TEXT,
      "Sub_Status" TEXT, "Sub_Change_Order_Number" TEXT, "Sub_Description" TEXT,
      writeCount INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY ("Job_Number", "Customer_Code", "Change_Request_Number", "Line_Number"));
    INSERT INTO changeRequestLines SELECT "Job_Number", "Customer_Code", "Change_Request_Number",
      ROW_NUMBER() OVER (PARTITION BY "Job_Number", "Customer_Code", "Change_Request_Number"
        ORDER BY "CR_Phase_Code", "CR_Cost_Type"),
      NULLIF("CR_Phase_Code", ''), NULLIF("CR_Cost_Type", ''), v1_number("CR_Amount"), "Subcontractor_Code",
      "Subcontract_Number", v1_number("Sub_Amount"), "Sub_Status", "Sub_Change_Order_Number",
      "Sub_Description", writeCount FROM changeRequests_v1;
    DROP TABLE changeRequests_v1;

    CREATE TABLE customers ("Customer_Code" TEXT NOT NULL DEFAULT '', "Name" TEXT, "Address_1" TEXT,
      "Address_2" TEXT, "City" TEXT, "State" TEXT, "Zip_Code" TEXT, "First_Name" TEXT, "Last_Name" TEXT,
      "Phone_Number" TEXT, "Email1" TEXT, "Price_Level_Material" TEXT, "Taxable_Flag" TEXT, "Status" TEXT,
      writeCount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("Customer_Code"));
  `);

  // v1 records carried no company: the file's single company, as its settings name it.
  const company =
    (
      db.prepare("SELECT value FROM settings WHERE name = 'companyCode'").get() as
        | { value: string }
        | undefined
    )?.value ?? '001';
  for (const table of [
    'jobs',
    'phases',
    'vendors',
    'subcontracts',
    'subcontractPhases',
    'changeRequests',
    'changeRequestLines',
    'customers',
  ]) {
    db.exec(`ALTER TABLE "${table}" ADD COLUMN "Company_Code" TEXT`);
    db.prepare(`UPDATE "${table}" SET "Company_Code" = ?`).run(company);
  }

  const named = db
    .prepare(
      `SELECT "Customer_Code" AS code FROM jobs WHERE "Customer_Code" IS NOT NULL AND "Customer_Code" <> ''
       UNION SELECT "Customer_Code" FROM changeRequests WHERE "Customer_Code" <> ''`,
    )
    .all() as { code: string }[];
  const insert = db.prepare(
    `INSERT INTO customers ("Company_Code", "Customer_Code", "Name", "Address_1", "Address_2", "City", "State", "Zip_Code",
       "First_Name", "Last_Name", "Phone_Number", "Email1", "Price_Level_Material", "Taxable_Flag", "Status")
     VALUES (@Company_Code, @Customer_Code, @Name, @Address_1, @Address_2, @City, @State, @Zip_Code, @First_Name, @Last_Name,
       @Phone_Number, @Email1, @Price_Level_Material, @Taxable_Flag, @Status)`,
  );
  const blank = Object.fromEntries(tables.customers.fields.map((field) => [field, null]));
  for (const { code } of named) {
    const demo = demoCustomers.find((customer) => customer.Customer_Code === code);
    insert.run({
      ...blank,
      Name: code,
      Taxable_Flag: 'No Default',
      Status: 'Active',
      ...demo,
      Customer_Code: code,
    });
  }
}
