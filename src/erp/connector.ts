/**
 * The ERP connector contract (ERP.md §1). Everything outside `src/erp/<system>/` talks to an ERP only
 * through this interface: preflight reads the field rules of `describe()`, the sync calls the reads, the
 * export engine calls the writes and classifies failures by the error classes below.
 *
 * Money crosses this boundary as integer minor units (cents); a connector formats it for its ERP.
 */
import type { ErpRequestKind } from '../domain/lifecycle.ts';
import type { FieldRule } from '../domain/preflight.ts';

export type ErpSystemName = 'spectrum' | 'sage300';

/** Records our side exports. */
export type ExportKind = ErpRequestKind;
/** Data the sync reads. */
export type ImportKind =
  | 'jobs'
  | 'job_templates'
  | 'standard_cost_codes'
  | 'cost_types'
  | 'vendors'
  | 'job_costs';

export interface ConnectorDescription {
  system: ErpSystemName;
  exports: ExportKind[];
  imports: ImportKind[];
  /** Field rules per exported kind, in our record model. */
  fields: Record<ExportKind, FieldRule[]>;
  /** Kinds the ERP never lets us change once created (Sage change orders). */
  immutableOnceCreated: ExportKind[];
  /** The longest number the ERP takes for a commitment change order (our side allocates it). */
  changeOrderNumberLength: number;
}

// ---------------------------------------------------------------------------------------------------
// Reads

export type ErpJobStatus = 'active' | 'inactive' | 'complete';

export interface ErpAddress {
  line1?: string;
  city?: string;
  state?: string;
  zip?: string;
}

export interface ErpJob {
  jobNumber: string;
  description: string;
  status: ErpJobStatus;
  division?: string;
  address?: ErpAddress;
  customerCode?: string;
  costCenter?: string;
  priceMethod?: string;
}

export interface ErpCostCode {
  code: string;
  description: string;
  costTypes: string[];
}

export type CostTypeKind = 'labor' | 'material' | 'subcontract' | 'equipment' | 'overhead' | 'other';

export interface ErpCostType {
  code: string;
  description: string;
  kind: CostTypeKind;
}

export interface ErpVendor {
  vendorCode: string;
  name: string;
  address?: ErpAddress;
}

/** One cost code × cost type of a job, with its estimates and costs (minor units). */
export interface ErpJobCost {
  code: string;
  costType: string;
  description: string;
  /** Absent where the ERP does not tell it (Spectrum's GetPhase returns only the current estimate). */
  originalEstimate?: number;
  currentEstimate: number;
  jobToDateActual: number;
  projectedCost?: number;
}

// ---------------------------------------------------------------------------------------------------
// Writes (all idempotent: running one twice leaves one record in the ERP)

export interface JobWrite {
  jobNumber: string;
  description: string;
  /** An existing ERP job whose settings fill what this job leaves blank. */
  template?: string;
  division?: string;
  address?: ErpAddress;
  customerCode?: string;
  costCenter?: string;
  priceMethod?: 'F' | 'T' | 'C' | 'U';
  /** Blank: the connection's default, where the ERP needs one. */
  taxable?: boolean;
}

/**
 * How a create keeps "never overwrite" across crashes (ERP.md §1): the connector checks the key first
 * and refuses a record that exists (DuplicateErpError); once the key is found free it calls `claim()`,
 * which records durably that this export reserved it, before its first write. A later run of the same
 * export passes `claimed`: a record found under the key then is the one an interrupted run created.
 */
export interface CreateClaim {
  claimed: boolean;
  claim(): Promise<void>;
}

export interface CostCodeWrite {
  /** As our side writes it, e.g. `03-300`; the connector converts it for its ERP. */
  code: string;
  description: string;
  costTypes: string[];
}

export interface EstimateLine {
  code: string;
  costType: string;
  /** Minor units. */
  amount: number;
}

export interface VendorWrite {
  vendorCode: string;
  name: string;
  address?: ErpAddress;
  email?: string;
}

/**
 * The changes of a vendor the ERP has: only the fields present change (the ERP owns the others, and
 * accounting may have changed them there); `null` asks to clear a value.
 */
export interface VendorUpdate {
  vendorCode: string;
  name?: string;
  address?: ErpAddress | null;
  email?: string | null;
  active?: boolean;
}

export interface CommitmentLineWrite {
  /** The line's own key, kept for its life (never its position): the ERP keys lines by it. */
  item: string;
  code: string;
  costType: string;
  amount: number;
  description?: string;
}

export interface ChangeOrderLineWrite {
  code: string;
  costType: string;
  amount: number;
  description?: string;
  /** The `item` of the commitment line this line changes, when the commitment has that cost code × type. */
  commitmentItem?: string;
}

export interface CommitmentWrite {
  jobNumber: string;
  vendorCode: string;
  number: string;
  title: string;
  status: 'approved' | 'void';
  retentionPercent?: number;
  dateIssued?: string;
  lines: CommitmentLineWrite[];
  /**
   * The keys of lines an earlier export may have written that the commitment no longer has (removed, or
   * moved to another cost code × type). The ERP deletes nothing: the connector sets each line it may
   * hold to zero, and leaves alone a key under which the ERP cannot hold one.
   */
  removedLines?: Pick<CommitmentLineWrite, 'item' | 'code' | 'costType'>[];
}

export interface ChangeOrderWrite {
  jobNumber: string;
  vendorCode: string;
  commitmentNumber: string;
  /** Ours, for messages. */
  number: string;
  /** The ERP's number for it, unique on its job, allocated by our side and kept (ERP.md §2). */
  erpNumber: string;
  title: string;
  description?: string;
  status: 'approved' | 'void';
  date?: string;
  lines: ChangeOrderLineWrite[];
  /** As CommitmentWrite's: lines an earlier export may have written that the change order no longer has. */
  removedLines?: Pick<ChangeOrderLineWrite, 'code' | 'costType' | 'commitmentItem'>[];
}

/** The ERP's identifiers of what was written, kept on our record. */
export interface WriteResult {
  erpIds: Record<string, string>;
  /** The ERP's remarks on records it stored (e.g. a value it shortened): the write succeeded. */
  warnings?: string[];
}

export interface ErpConnector {
  describe(): ConnectorDescription;
  /**
   * The connector whose writes are keyed by the export of this request, where writes are durable
   * commands (the Sage agent's): a re-run of the export repeats the same commands, never new ones.
   */
  forRequest?(requestId: string): ErpConnector;
  /** A cheap authenticated call; never throws for a reachable but refusing ERP. */
  testConnection(): Promise<{ ok: boolean; message: string }>;

  listJobs(): Promise<ErpJob[]>;
  getJob(jobNumber: string): Promise<ErpJob | undefined>;
  listJobTemplates(): Promise<ErpJob[]>;
  listStandardCostCodes(): Promise<ErpCostCode[]>;
  listCostTypes(): Promise<ErpCostType[]>;
  listVendors(): Promise<ErpVendor[]>;
  listJobCosts(jobNumber: string): Promise<ErpJobCost[]>;
  /**
   * Where the ERP tracks changes (Sage's modification stamps): a token of what a sync reads as it is
   * now, or with a job number of that job's costs; the same token later means nothing changed since.
   * Connectors without change detection leave it out.
   */
  changeToken?(jobNumber?: string): Promise<string>;

  /** Creates the job, filled from its template, with the given cost codes (see CreateClaim). */
  createJob(job: JobWrite, costCodes: CostCodeWrite[], claim?: CreateClaim): Promise<WriteResult>;
  /** Adds cost codes and cost-type assignments; never removes one, never renames an existing code. */
  addCostCodes(jobNumber: string, costCodes: CostCodeWrite[]): Promise<WriteResult>;
  /**
   * The budget: the original estimate of each code × cost type on its first export; a `revision`
   * changes the current estimate of the lines given and leaves the original as the ERP keeps it.
   */
  setEstimates(
    jobNumber: string,
    lines: EstimateLine[],
    options?: { revision?: boolean },
  ): Promise<WriteResult>;
  /** Creates a vendor with the ERP's new-vendor defaults (see CreateClaim). */
  createVendor(vendor: VendorWrite, claim?: CreateClaim): Promise<WriteResult>;
  /** Changes a vendor the ERP has; its code never changes. */
  updateVendor(update: VendorUpdate): Promise<WriteResult>;
  upsertCommitment(commitment: CommitmentWrite): Promise<WriteResult>;
  upsertChangeOrder(changeOrder: ChangeOrderWrite): Promise<WriteResult>;
}

// ---------------------------------------------------------------------------------------------------
// The failure taxonomy

/** Network error, timeout, 5xx, SOAP server fault, expired session: retried with backoff. */
export class TransientErpError extends Error {
  readonly kind = 'transient';
  override name = 'TransientErpError';
}

/** The ERP refused the data: the request fails with the ERP's own message and the field it names. */
export class RejectedErpError extends Error {
  readonly kind = 'rejected';
  override name = 'RejectedErpError';
  constructor(
    message: string,
    readonly field?: string,
    readonly erpCode?: string,
  ) {
    super(message);
  }
}

/** The ERP cannot be reached by design right now (agent offline): the export waits, it does not fail. */
export class NotConnectedErpError extends Error {
  readonly kind = 'not_connected';
  override name = 'NotConnectedErpError';
}

/**
 * The key of a record we were about to create exists in the ERP and is not ours: the export fails and
 * any claim it recorded on the key is withdrawn (it never wrote under it).
 */
export class DuplicateErpError extends RejectedErpError {
  override name = 'DuplicateErpError';
}

export type ErpError = TransientErpError | RejectedErpError | NotConnectedErpError;
