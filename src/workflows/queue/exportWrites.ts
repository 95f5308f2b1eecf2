import type { Selectable } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { ErpRequestsTable } from '../../db/schema.ts';
import { parseMoney } from '../../domain/money.ts';
import type {
  CommitmentLineWrite,
  CostCodeWrite,
  ErpAddress,
  ErpConnector,
  WriteResult,
} from '../../erp/connector.ts';
import type { ExportOptions } from './exportOptions.ts';

/** Snapshots hold API values (decimal strings, nulls); connectors take minor units and absent fields. */
const orUndefined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

interface SnapshotLine {
  costCode: string;
  costType: string;
  amount: string;
  description?: string | null;
}
const lineWrites = (lines: SnapshotLine[]): CommitmentLineWrite[] =>
  lines.map((l) => ({
    code: l.costCode,
    costType: l.costType,
    amount: parseMoney(l.amount),
    description: orUndefined(l.description),
  }));

/** Performs the ERP write of an accepted request; every connector write is idempotent. */
export function writeToErp(
  connector: ErpConnector,
  request: Selectable<ErpRequestsTable>,
  options: ExportOptions,
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
      );
    case 'cost_codes':
      return connector.addCostCodes(s.jobNumber as string, costCodes());
    case 'budget': {
      const lines = s.lines as SnapshotLine[];
      // A revision sets removed lines to zero: the ERP keeps its phases, never deletes them.
      const removed = (
        fromJson<{ lines: { costCode: string; costType: string; after: string | null }[] }>(
          request.requested_updates,
        )?.lines ?? []
      )
        .filter((change) => change.after === null)
        .map((change) => ({ costCode: change.costCode, costType: change.costType, amount: '0.00' }));
      return connector.setEstimates(
        s.jobNumber as string,
        [...lines, ...removed].map((l) => ({
          code: l.costCode,
          costType: l.costType,
          amount: parseMoney(l.amount),
        })),
      );
    }
    case 'vendor':
      return connector.upsertVendor({
        vendorCode: options.vendorCode,
        name: s.name as string,
        address: orUndefined(s.address as ErpAddress | null),
        email: orUndefined(s.email as string | null),
        isNew: options.isNew,
      });
    case 'commitment': {
      const vendor = s.vendor as { vendorCode: string };
      return connector.upsertCommitment({
        jobNumber: s.jobNumber as string,
        vendorCode: vendor.vendorCode,
        number: s.number as string,
        title: s.title as string,
        status: 'approved',
        retentionPercent: orUndefined(s.retentionPercent as number | null),
        lines: lineWrites(s.lines as SnapshotLine[]),
      });
    }
    case 'change_order': {
      const commitment = s.commitment as { number: string; vendorCode: string };
      return connector.upsertChangeOrder({
        jobNumber: s.jobNumber as string,
        vendorCode: commitment.vendorCode,
        commitmentNumber: commitment.number,
        number: s.number as string,
        title: options.title ?? (s.title as string),
        description: options.description ?? orUndefined(s.description as string | null),
        status: 'approved',
        lines: lineWrites(s.lines as SnapshotLine[]),
      });
    }
  }
}
