/**
 * The records the contract kit writes: a valid sample of every exported kind (in our record model,
 * the model `describe()` speaks), and the full export of a project as the export engine would run it.
 */
import {
  type ChangeOrderWrite,
  type CommitmentWrite,
  type CostCodeWrite,
  type CreateClaim,
  type ErpConnector,
  type EstimateLine,
  type ExportKind,
  type JobWrite,
  TransientErpError,
  type VendorWrite,
  type WriteResult,
} from '../connector.ts';
import type { KitIds, RecordKind, RecordRef } from './control.ts';

export const defaultIds: KitIds = {
  job: (n) => `KIT-${n}`,
  vendor: (n) => `KITV${n}`,
  costCode: (n) => `9${Math.floor(n / 1000) % 10}-${String(n % 1000).padStart(3, '0')}`,
  commitment: (n) => `KSC${n}`,
  changeOrder: (n) => `KCO${n}`,
  customer: 'KITCUST',
};

/**
 * Runs `work` again while it fails transiently, as the export engine does (without its backoff): a
 * write must be safe to repeat, so this is exactly what production will do to it.
 */
export async function eventually<T>(work: () => Promise<T>, attempts = 50): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof TransientErpError) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** The project in our record model: its name is the job's description (JobWrite.description). */
export type ProjectRecord = Omit<JobWrite, 'description'> & { name: string };

export const toJobWrite = ({ name, ...project }: ProjectRecord): JobWrite => ({
  ...project,
  description: name,
});

/** What the kit prepares in the ERP before writing records that refer to others. */
export interface Prepared {
  jobNumber: string;
  vendorCode: string;
  commitmentNumber: string;
  /** A cost code on the job with every cost type of `costTypes`. */
  code: string;
  costTypes: string[];
}

export interface Sample {
  record: unknown;
  write(connector: ErpConnector, record: unknown): Promise<WriteResult>;
}

/** A valid record of `kind` with fresh keys (from `n`) referring to the prepared ones. */
export function sampleOf(kind: ExportKind, ids: KitIds, n: number, prepared: Prepared): Sample {
  const costType = prepared.costTypes[0]!;
  switch (kind) {
    case 'project':
      return {
        record: {
          jobNumber: ids.job(n),
          name: 'Kit sample job',
          division: '10',
          address: { line1: '1 Kit Way', city: 'Reno', state: 'NV', zip: '89501' },
          customerCode: ids.customer,
          costCenter: '100',
          priceMethod: 'F',
          taxable: false,
        } satisfies ProjectRecord,
        write: (connector, record) => connector.createJob(toJobWrite(record as ProjectRecord), []),
      };
    case 'cost_codes':
      return {
        record: {
          code: ids.costCode(n),
          description: 'Kit sample code',
          costTypes: [costType],
        } satisfies CostCodeWrite,
        write: (connector, record) => connector.addCostCodes(prepared.jobNumber, [record as CostCodeWrite]),
      };
    case 'budget':
      return {
        record: { lines: [{ code: prepared.code, costType, amount: 100_000 + n }] satisfies EstimateLine[] },
        write: (connector, record) =>
          connector.setEstimates(prepared.jobNumber, (record as { lines: EstimateLine[] }).lines),
      };
    case 'vendor':
      return {
        record: {
          vendorCode: ids.vendor(n),
          name: 'Kit Sample Supply',
          address: { line1: '9 Supply Road', city: 'Reno', state: 'NV', zip: '89502' },
          email: 'ap@kit.example',
        } satisfies VendorWrite,
        write: (connector, record) => connector.createVendor(record as VendorWrite),
      };
    case 'commitment':
      return {
        record: {
          jobNumber: prepared.jobNumber,
          vendorCode: prepared.vendorCode,
          number: ids.commitment(n),
          title: 'Kit sample subcontract',
          status: 'approved',
          lines: [
            { item: '1', code: prepared.code, costType, amount: 500_000, description: 'Kit sample line' },
          ],
        } satisfies CommitmentWrite,
        write: (connector, record) => connector.upsertCommitment(record as CommitmentWrite),
      };
    case 'change_order':
      return {
        record: {
          jobNumber: prepared.jobNumber,
          vendorCode: prepared.vendorCode,
          commitmentNumber: prepared.commitmentNumber,
          number: ids.changeOrder(n),
          erpNumber: ids.changeOrder(n),
          title: 'Kit sample change',
          description: 'A change order of the contract kit',
          status: 'approved',
          lines: [{ code: prepared.code, costType, amount: 25_000, commitmentItem: '1' }],
        } satisfies ChangeOrderWrite,
        write: (connector, record) => connector.upsertChangeOrder(record as ChangeOrderWrite),
      };
  }
}

/** A project's whole export, step by step, and every record it must leave in the ERP. */
export interface Scenario {
  job: ProjectRecord;
  costCodes: CostCodeWrite[];
  estimates: EstimateLine[];
  vendor: VendorWrite;
  commitment: CommitmentWrite;
  changeOrder: ChangeOrderWrite;
  /** One ref per record the export stores; each must end up stored exactly once. */
  records: RecordRef[];
}

export function scenario(ids: KitIds, n: number, costTypes: string[]): Scenario {
  const jobNumber = ids.job(n);
  const vendorCode = ids.vendor(n);
  const number = ids.commitment(n);
  const [first, second] = [costTypes[0]!, costTypes[1] ?? costTypes[0]!];
  const codes = [ids.costCode(n * 10 + 1), ids.costCode(n * 10 + 2)];
  const costCodes = codes.map((code, index) => ({
    code,
    description: `Kit code ${index + 1}`,
    costTypes: [first, second],
  }));
  const pairs = costCodes.flatMap(({ code, costTypes: types }) =>
    types.map((costType) => ({ code, costType })),
  );
  const commitmentLines = [
    { item: '1', code: codes[0]!, costType: first, amount: 1_250_000, description: 'Kit line 1' },
    { item: '2', code: codes[1]!, costType: second, amount: 730_050, description: 'Kit line 2' },
  ];
  const changeOrderNumber = ids.changeOrder(n);
  const changeOrderLines = [
    { code: codes[0]!, costType: first, amount: 40_000, commitmentItem: '1' },
    { code: codes[1]!, costType: second, amount: -12_525, commitmentItem: '2' },
  ];
  return {
    job: {
      jobNumber,
      name: `Kit project ${n}`,
      address: { line1: '500 Scenario Blvd', city: 'Sparks', state: 'NV', zip: '89431' },
      customerCode: ids.customer,
      priceMethod: 'F',
      taxable: true,
    },
    costCodes,
    estimates: pairs.map((pair, index) => ({ ...pair, amount: 1_000_000 * (index + 1) + 99 })),
    vendor: {
      vendorCode,
      name: `Kit Vendor ${n}`,
      address: { line1: '77 Vendor St', city: 'Reno', state: 'NV', zip: '89501' },
    },
    commitment: {
      jobNumber,
      vendorCode,
      number,
      title: `Kit subcontract ${n}`,
      status: 'approved',
      retentionPercent: 10,
      dateIssued: '2025-03-07',
      lines: commitmentLines,
    },
    changeOrder: {
      jobNumber,
      vendorCode,
      commitmentNumber: number,
      number: changeOrderNumber,
      erpNumber: changeOrderNumber,
      title: `Kit change ${n}`,
      description: 'Added scope from the contract kit',
      status: 'approved',
      date: '2025-04-01',
      lines: changeOrderLines,
    },
    records: [
      { kind: 'job', jobNumber },
      ...pairs.map((pair) => ({ kind: 'cost_code' as const, jobNumber, ...pair })),
      { kind: 'vendor', vendorCode },
      { kind: 'commitment', vendorCode, number },
      ...commitmentLines.map(({ code, costType }) => ({
        kind: 'commitment_line' as const,
        vendorCode,
        number,
        code,
        costType,
      })),
      ...changeOrderLines.map(({ code, costType }) => ({
        kind: 'change_order_line' as const,
        jobNumber,
        number: changeOrderNumber,
        code,
        costType,
      })),
    ],
  };
}

/**
 * Writes the scenario in export order, each step through `run` (e.g. {@link eventually}), with a claim
 * on each key it creates as the export engine keeps one: held from the first attempt on, so a repeated
 * attempt (or a second run of the whole scenario) finds its own records.
 */
export async function exportScenario(
  connector: ErpConnector,
  s: Scenario,
  run: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  claims: Set<string> = new Set(),
): Promise<void> {
  const claim = (key: string): CreateClaim => ({
    claimed: claims.has(key),
    claim: async () => {
      claims.add(key);
    },
  });
  await run(() => connector.createJob(toJobWrite(s.job), s.costCodes, claim(`job ${s.job.jobNumber}`)));
  await run(() => connector.setEstimates(s.job.jobNumber, s.estimates));
  await run(() => connector.createVendor(s.vendor, claim(`vendor ${s.vendor.vendorCode}`)));
  await run(() => connector.upsertCommitment(s.commitment));
  await run(() => connector.upsertChangeOrder(s.changeOrder));
}

export const recordKinds: RecordKind[] = [
  'job',
  'cost_code',
  'vendor',
  'commitment',
  'commitment_line',
  'change_order_line',
];
