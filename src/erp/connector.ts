/**
 * The ERP connector contract (ERP.md §1). Everything outside `src/erp/<system>/` talks to an ERP only
 * through this interface: preflight reads the field rules of `describe()`, the sync calls the reads, the
 * export engine calls the writes and classifies failures by the error classes below.
 *
 * Money crosses this boundary as integer minor units (cents); a connector formats it for its ERP.
 */

export type ErpSystemName = 'spectrum' | 'sage300';

/** Records our side exports. */
export type ExportKind = 'project' | 'cost_codes' | 'budget' | 'vendor' | 'commitment' | 'change_order';
/** Data the sync reads. */
export type ImportKind =
  | 'jobs'
  | 'job_templates'
  | 'standard_cost_codes'
  | 'cost_types'
  | 'vendors'
  | 'job_costs';

/**
 * One rule on one field of an exported record. `path` names the field in our record model, with `[]`
 * for every element of a list (e.g. `lines[].description`). A value is checked after the connector's
 * own normalisation named in `normalise` (e.g. dashes removed from cost codes for Spectrum).
 */
export interface FieldRule {
  path: string;
  label: string;
  required?: boolean;
  maxLength?: number;
  /** A regular expression (source) the whole value must match. */
  pattern?: string;
  /** Said to the user when `pattern` fails, e.g. "uppercase letters and digits only". */
  patternMessage?: string;
  /** Allowed values. */
  oneOf?: string[];
  /** Applied before checking: `remove-dashes` (Spectrum phase codes), `uppercase`. */
  normalise?: 'remove-dashes' | 'uppercase';
  /** `warning`: the ERP accepts the value but changes it (e.g. truncates); default `error`. */
  severity?: 'error' | 'warning';
}

export interface ConnectorDescription {
  system: ErpSystemName;
  exports: ExportKind[];
  imports: ImportKind[];
  /** Field rules per exported kind, in our record model. */
  fields: Record<ExportKind, FieldRule[]>;
  /** Kinds the ERP never lets us change once created (Sage change orders). */
  immutableOnceCreated: ExportKind[];
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
  taxable?: boolean;
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

/** One cost code × cost type of a job, with its estimate and job-to-date cost (minor units). */
export interface ErpJobCost {
  code: string;
  costType: string;
  description: string;
  originalEstimate: number;
  currentEstimate: number;
  jobToDateActual: number;
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
  taxable?: boolean;
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
  /**
   * The vendor's first export: written in one call with the ERP's new-vendor defaults. Absent, the vendor
   * is written as an update, which must still create it when the ERP lacks it.
   */
  isNew?: boolean;
}

export interface CommitmentLineWrite {
  code: string;
  costType: string;
  amount: number;
  description?: string;
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
}

export interface ChangeOrderWrite {
  jobNumber: string;
  vendorCode: string;
  commitmentNumber: string;
  number: string;
  title: string;
  description?: string;
  status: 'approved' | 'void';
  date?: string;
  lines: CommitmentLineWrite[];
}

/** The ERP's identifiers of what was written, kept on our record. */
export interface WriteResult {
  erpIds: Record<string, string>;
  /** The ERP's remarks on records it stored (e.g. a value it shortened): the write succeeded. */
  warnings?: string[];
}

export interface ErpConnector {
  describe(): ConnectorDescription;
  /** A cheap authenticated call; never throws for a reachable but refusing ERP. */
  testConnection(): Promise<{ ok: boolean; message: string }>;

  listJobs(): Promise<ErpJob[]>;
  getJob(jobNumber: string): Promise<ErpJob | undefined>;
  listJobTemplates(): Promise<ErpJob[]>;
  listStandardCostCodes(): Promise<ErpCostCode[]>;
  listCostTypes(): Promise<ErpCostType[]>;
  listVendors(): Promise<ErpVendor[]>;
  listJobCosts(jobNumber: string): Promise<ErpJobCost[]>;

  /** Creates the job, filled from its template, with the given cost codes. */
  createJob(job: JobWrite, costCodes: CostCodeWrite[]): Promise<WriteResult>;
  /** Adds cost codes and cost-type assignments; never removes one, never renames an existing code. */
  addCostCodes(jobNumber: string, costCodes: CostCodeWrite[]): Promise<WriteResult>;
  /** Sets the original estimate of each code × cost type (the budget). */
  setEstimates(jobNumber: string, lines: EstimateLine[]): Promise<WriteResult>;
  upsertVendor(vendor: VendorWrite): Promise<WriteResult>;
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

export type ErpError = TransientErpError | RejectedErpError | NotConnectedErpError;
