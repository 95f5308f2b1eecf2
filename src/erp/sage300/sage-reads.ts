import type { CostTypeKind, ErpCostCode, ErpCostType, ErpJob, ErpJobCost, ErpVendor } from '../connector.ts';
import type { SageRow } from './protocol.ts';
import type { SageLink } from './sage-link.ts';
import { fromSageAddress, fromSageMoney, tables } from './tables.ts';

/** Key columns of the tables a sync reads, to merge incremental reads into what was read before. */
const keyColumns: Record<string, string[]> = {
  [tables.job]: ['Job'],
  [tables.standardCostCode]: ['Cost_Code'],
  [tables.standardCategory]: ['Category'],
  [tables.vendor]: ['Vendor'],
  [tables.costCode]: ['Job', 'Extra', 'Cost_Code'],
  [tables.category]: ['Job', 'Extra', 'Cost_Code', 'Category'],
};

/** A read this recent serves a whole sync's lists; a write through the connector makes it stale. */
const freshMs = 2000;
/** Incremental reads miss rows deleted in Sage; a whole read this often lets them go. */
const wholeReadMs = 10 * 60 * 1000;

interface TableCopy {
  rows: Map<string, SageRow>;
  /** Computed at the first need, for this copy only. */
  byJob?: Map<string, SageRow[]>;
  stamp: number;
  readAt: number;
  wholeAt: number;
  reading?: Promise<void>;
}

export interface SageReads {
  rows(table: string): Promise<SageRow[]>;
  /** The rows of a table by job (a sync lists every linked job's costs from one read). */
  rowsByJob(table: string): Promise<Map<string, SageRow[]>>;
  /** Something was written: the next list reads Sage again (only what changed since). */
  stale(): void;
}

/**
 * The tables a sync lists, kept by the connector and brought up to date by Sage's modification stamps:
 * a repeated sync reads only the rows changed since the last, and a sync's many lists (every linked
 * job's costs) share one read of each table. Reads of one table at once share one command.
 */
export function createSageReads(link: SageLink): SageReads {
  const copies = new Map<string, TableCopy>();
  const keyOf = (table: string, row: SageRow) =>
    keyColumns[table]!.map((column) => String(row[column])).join('\u0000');

  async function refresh(table: string, copy: TableCopy | undefined): Promise<void> {
    const now = Date.now();
    const whole = copy === undefined || now - copy.wholeAt >= wholeReadMs;
    const { rows, stamp } = await link.read(table, undefined, whole ? undefined : copy.stamp);
    const next: TableCopy = whole
      ? { rows: new Map(), stamp, readAt: now, wholeAt: now }
      : { ...copy, stamp, readAt: now, reading: undefined, byJob: rows.length > 0 ? undefined : copy.byJob };
    for (const row of rows) next.rows.set(keyOf(table, row), row);
    copies.set(table, next);
  }

  async function current(table: string): Promise<TableCopy> {
    let copy = copies.get(table);
    if (copy === undefined || Date.now() - copy.readAt >= freshMs) {
      const reading = copy?.reading ?? refresh(table, copy);
      if (copy) copy.reading = reading;
      else copies.set(table, { rows: new Map(), stamp: 0, readAt: 0, wholeAt: 0, reading });
      try {
        await reading;
      } catch (error) {
        if (copy) copy.reading = undefined;
        else copies.delete(table);
        throw error;
      }
      copy = copies.get(table)!;
    }
    return copy;
  }

  return {
    rows: async (table) => [...(await current(table)).rows.values()],
    async rowsByJob(table) {
      const copy = await current(table);
      if (!copy.byJob) {
        copy.byJob = new Map();
        for (const row of copy.rows.values()) {
          const job = String(row.Job);
          const list = copy.byJob.get(job);
          if (list) list.push(row);
          else copy.byJob.set(job, [row]);
        }
      }
      return copy.byJob;
    },
    stale() {
      for (const copy of copies.values()) copy.readAt = 0;
    },
  };
}

const text = (value: SageRow[string] | undefined) =>
  value === null || value === undefined ? '' : String(value);

/** A job as our side reads it; Sage's `Closed` is complete, every other status (Unstarted, In progress, Overhead) active. */
export function toErpJob(row: SageRow): ErpJob {
  const address = fromSageAddress(row);
  return {
    jobNumber: text(row.Job),
    description: text(row.Description),
    status: row.Status === 'Closed' ? 'complete' : 'active',
    ...(address && { address }),
    ...(text(row.Customer) && { customerCode: text(row.Customer) }),
  };
}

export function toErpVendor(row: SageRow): ErpVendor {
  const address = fromSageAddress(row);
  return { vendorCode: text(row.Vendor), name: text(row.Name), ...(address && { address }) };
}

const kinds: Record<string, CostTypeKind> = {
  Labor: 'labor',
  Material: 'material',
  Subcontract: 'subcontract',
  Equipment: 'equipment',
  Overhead: 'overhead',
  Other: 'other',
};

export const toErpCostType = (row: SageRow): ErpCostType => ({
  code: text(row.Category),
  description: text(row.Description),
  kind: kinds[text(row.Cost_Type)] ?? 'other',
});

/** Standard cost codes without the summary (group) ones, which take no costs; each with every standard category. */
export function toErpCostCodes(codes: SageRow[], categories: SageRow[]): ErpCostCode[] {
  const costTypes = categories.map((row) => text(row.Category));
  return codes
    .filter((row) => row.Group_Cost_Code !== 'Y')
    .map((row) => ({ code: text(row.Cost_Code), description: text(row.Description), costTypes }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** A job's categories (of `categories`, the job's) with their estimates and costs; the description is its cost code's. */
export function toErpJobCosts(codes: SageRow[], categories: SageRow[]): ErpJobCost[] {
  const descriptions = new Map(
    codes.map((row) => [`${text(row.Extra)}\u0000${text(row.Cost_Code)}`, text(row.Description)]),
  );
  return categories.map((row) => ({
    code: text(row.Cost_Code),
    costType: text(row.Category),
    description: descriptions.get(`${text(row.Extra)}\u0000${text(row.Cost_Code)}`) ?? text(row.Description),
    originalEstimate: fromSageMoney(row.Original_Estimate),
    currentEstimate: fromSageMoney(row.Total_Estimate),
    jobToDateActual: fromSageMoney(row.JTD_Cost),
  }));
}
