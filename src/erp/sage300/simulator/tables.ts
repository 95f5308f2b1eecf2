/**
 * The simulated company's tables, with Sage's own table and column names (sage300-simulator.md). One
 * spec per table drives the SQLite schema, the reads and the state view, so they cannot drift apart.
 * Every row also carries `Modified_Stamp`, the company-wide stamp of its last write (our profile).
 */

export interface TableSpec {
  readonly key: readonly string[];
  /** Every column but `Modified_Stamp`, keys first. */
  readonly columns: readonly string[];
  /** Columns held as numbers; the others are text ('' when unset). */
  readonly numbers?: readonly string[];
  /** Columns Sage keeps itself: a value sent for them is ignored. */
  readonly computed?: readonly string[];
}

export const tables = {
  TS_CTL_RECORD_3: {
    key: ['FLDCODE', 'Section'],
    columns: ['FLDCODE', 'Section', 'CSLEN', 'CNDESC', 'CNPUNCT', 'CNTCAP'],
    numbers: ['FLDCODE', 'Section', 'CSLEN'],
  },
  JCM_MASTER__JOB: {
    key: ['Job'],
    columns: ['Job', 'Description', 'Address_1', 'City', 'State', 'ZIP_Code', 'Customer', 'Status'],
  },
  JCM_MASTER__EXTRA: { key: ['Job', 'Extra'], columns: ['Job', 'Extra', 'Description', 'Status'] },
  JCM_MASTER__STANDARD_COST_CODE: {
    key: ['Cost_Code'],
    columns: ['Cost_Code', 'Description', 'Group_Cost_Code'],
  },
  JCM_MASTER__STANDARD_CATEGORY: { key: ['Category'], columns: ['Category', 'Description', 'Cost_Type'] },
  JCM_MASTER__COST_CODE: {
    key: ['Job', 'Extra', 'Cost_Code'],
    columns: ['Job', 'Extra', 'Cost_Code', 'Description'],
  },
  JCM_MASTER__CATEGORY: {
    key: ['Job', 'Extra', 'Cost_Code', 'Category'],
    columns: [
      'Job',
      'Extra',
      'Cost_Code',
      'Category',
      'Description',
      'Original_Estimate',
      'Approved_Estimate_Changes',
      'Total_Estimate',
      'JTD_Cost',
    ],
    numbers: ['Original_Estimate', 'Approved_Estimate_Changes', 'Total_Estimate', 'JTD_Cost'],
    computed: ['Total_Estimate', 'JTD_Cost'],
  },
  APM_MASTER__VENDOR: {
    key: ['Vendor'],
    columns: ['Vendor', 'Name', 'Address_1', 'City', 'State', 'ZIP_Code', 'Email', 'Status'],
  },
  JCM_MASTER__COMMITMENT: {
    key: ['Commitment'],
    columns: [
      'Commitment',
      'Vendor',
      'Job',
      'Extra',
      'Commitment_Type',
      'Description',
      'Status',
      'Retainage_Percent',
    ],
    numbers: ['Retainage_Percent'],
  },
  JCM_MASTER__COMMITMENT_LINE_ITEM: {
    key: ['Commitment', 'Item'],
    columns: ['Commitment', 'Item', 'Job', 'Extra', 'Cost_Code', 'Category', 'Description', 'Amount'],
    numbers: ['Amount'],
  },
  JCM_MASTER__COMMITMENT_CO: {
    key: ['Commitment', 'Commitment_CO'],
    columns: ['Commitment', 'Commitment_CO', 'Description', 'Date', 'Status'],
  },
  JCM_MASTER__COMMITMENT_CO_ITEM: {
    key: ['Commitment', 'Commitment_CO', 'Item'],
    columns: [
      'Commitment',
      'Commitment_CO',
      'Item',
      'Commitment_Item',
      'Cost_Code',
      'Category',
      'Description',
      'Amount',
    ],
    numbers: ['Amount'],
  },
  JCT_CURRENT__TRANSACTION: {
    key: ['Transaction_ID'],
    columns: [
      'Transaction_ID',
      'Job',
      'Extra',
      'Cost_Code',
      'Category',
      'Transaction_Type',
      'Amount',
      'Accounting_Date',
    ],
    numbers: ['Transaction_ID', 'Amount'],
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof tables;
export const tableNames = Object.keys(tables) as TableName[];

/** A stored row: column → text or number. */
export type Row = Record<string, string | number>;

export function isTableName(name: string): name is TableName {
  return Object.hasOwn(tables, name);
}

export function specOf(table: TableName): TableSpec {
  return tables[table];
}

export function isNumberColumn(table: TableName, column: string): boolean {
  return specOf(table).numbers?.includes(column) ?? false;
}
