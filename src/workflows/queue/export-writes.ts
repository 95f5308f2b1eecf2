import type { Kysely, Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { parseMoney } from '../../domain/money.ts';
import type {
  CostCodeWrite,
  CreateClaim,
  ErpAddress,
  ErpConnector,
  VendorUpdate,
  WriteResult,
} from '../../erp/connector.ts';
import { claimSubcontractNumber } from './erp-key-reservations.ts';
import type { ExportOptions } from './export-options.ts';
import { recordLineKeys } from './written-lines.ts';

/** Snapshots hold API values (decimal strings, nulls); connectors take minor units and absent fields. */
const orUndefined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

interface SnapshotLine {
  costCode: string;
  costType: string;
  amount: string;
  description?: string | null;
}

/** A field change of a vendor update (the request's requested updates). */
interface FieldChange {
  field: string;
  after: unknown;
}

/**
 * Performs the ERP write of an accepted request; every connector write is idempotent. A create (a job,
 * a new vendor) goes with the export's claim on its key. A commitment claims its subcontract number the
 * same way, and a commitment or change order records its line keys in `db` first, and goes with the lines an earlier export of it may have written that it no
 * longer has (written-lines.ts).
 */
export async function writeToErp(
  connector: ErpConnector,
  request: Selectable<ErpRequestsTable>,
  options: ExportOptions,
  claim: CreateClaim,
  db: Kysely<DB>,
  clock: Clock,
): Promise<WriteResult> {
  const s = fromJson<Record<string, unknown>>(request.snapshot);
  const costCodes = () => s.costCodes as CostCodeWrite[];
  switch (options.kind) {
    case 'project':
      return connector.createJob(
        {
          jobNumber: options.jobNumber,
          description: s.name as string,
          template: orUndefined(options.jobTemplate),
          division: orUndefined(s.division as string | null),
          address: orUndefined(s.address as ErpAddress | null),
          customerCode: orUndefined(s.customerCode as string | null),
          costCenter: orUndefined(s.costCenter as string | null),
          priceMethod: orUndefined(s.priceMethod as 'F' | 'T' | 'C' | 'U' | null),
          taxable: orUndefined(s.taxable as boolean | null),
        },
        costCodes(),
        claim,
      );
    case 'cost_codes':
      return connector.addCostCodes(s.jobNumber as string, costCodes());
    case 'budget':
      return writeBudget(connector, request, s);
    case 'vendor':
      if (!options.isNew) return connector.updateVendor(vendorUpdate(options.vendorCode, request));
      return connector.createVendor(
        {
          vendorCode: options.vendorCode,
          name: s.name as string,
          address: orUndefined(s.address as ErpAddress | null),
          email: orUndefined(s.email as string | null),
        },
        claim,
      );
    case 'commitment': {
      const vendor = s.vendor as { vendorCode: string };
      const lines = (s.lines as (SnapshotLine & { item: number })[]).map((l) => ({
        item: String(l.item),
        code: l.costCode,
        costType: l.costType,
        amount: parseMoney(l.amount),
        description: orUndefined(l.description),
      }));
      const removedLines = await recordLineKeys(db, request.subject_id, lines);
      await claimSubcontractNumber(db, request.id, clock.now());
      return connector.upsertCommitment({
        jobNumber: s.jobNumber as string,
        vendorCode: vendor.vendorCode,
        number: s.number as string,
        title: s.title as string,
        status: 'approved',
        retentionPercent: orUndefined(s.retentionPercent as number | null),
        lines,
        removedLines,
      });
    }
    case 'change_order': {
      const commitment = s.commitment as { number: string; vendorCode: string };
      const lines = (s.lines as (SnapshotLine & { commitmentItem?: number | null })[]).map((l) => ({
        code: l.costCode,
        costType: l.costType,
        amount: parseMoney(l.amount),
        description: orUndefined(l.description),
        commitmentItem: l.commitmentItem == null ? undefined : String(l.commitmentItem),
      }));
      const removed = await recordLineKeys(
        db,
        request.subject_id,
        lines.map((l) => ({ code: l.code, costType: l.costType, item: l.commitmentItem ?? '' })),
      );
      return connector.upsertChangeOrder({
        jobNumber: s.jobNumber as string,
        vendorCode: commitment.vendorCode,
        commitmentNumber: commitment.number,
        number: s.number as string,
        erpNumber: options.erpNumber,
        title: options.title ?? (s.title as string),
        description: options.description ?? orUndefined(s.description as string | null),
        status: 'approved',
        lines,
        removedLines: removed.map(({ code, costType, item }) => ({
          code,
          costType,
          commitmentItem: item || undefined,
        })),
      });
    }
  }
}

/**
 * The first export of a budget sets every line's original estimate; a revision changes the current
 * estimate of the lines that changed only (a removed line goes to zero: the ERP keeps its phases), so
 * what accounting did to the other lines in the ERP stays as it is.
 */
function writeBudget(
  connector: ErpConnector,
  request: Selectable<ErpRequestsTable>,
  s: Record<string, unknown>,
): Promise<WriteResult> {
  const changes = fromJson<{ lines: { costCode: string; costType: string; after: string | null }[] }>(
    request.requested_updates,
  );
  const lines = changes
    ? changes.lines.map((c) => ({
        code: c.costCode,
        costType: c.costType,
        amount: parseMoney(c.after ?? '0'),
      }))
    : (s.lines as SnapshotLine[]).map((l) => ({
        code: l.costCode,
        costType: l.costType,
        amount: parseMoney(l.amount),
      }));
  return connector.setEstimates(s.jobNumber as string, lines, { revision: changes !== null });
}

/** The fields of a synced vendor that the update changes; the code is the one the ERP knows it by. */
function vendorUpdate(vendorCode: string, request: Selectable<ErpRequestsTable>): VendorUpdate {
  const changes = fromJson<{ fields: FieldChange[] }>(request.requested_updates)?.fields ?? [];
  const update: VendorUpdate = { vendorCode };
  for (const { field, after } of changes) {
    if (field === 'name') update.name = after as string;
    if (field === 'address') update.address = after as ErpAddress | null;
    if (field === 'email') update.email = after as string | null;
    if (field === 'active') update.active = after as boolean;
  }
  return update;
}
