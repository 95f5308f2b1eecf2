/**
 * What the contract kit needs from an ERP simulator besides the connector (ERP.md §1, §4): a look at
 * what the ERP stored, counted in *our* record model so one kit serves every ERP, and fault switches.
 * Each simulator's test adapts its own state and switches to this.
 */
import type { ConnectorDescription, ErpConnector } from '../connector.ts';

/**
 * A record by its natural key in our model. An ERP stores each under its own keys (Spectrum a phase
 * code without dashes, a bid item per subcontract line…); the adapter finds every stored record that
 * answers to this one, so a duplicate under a slightly different key still counts twice.
 */
export type RecordRef =
  | { kind: 'job'; jobNumber: string }
  | { kind: 'cost_code'; jobNumber: string; code: string; costType: string }
  | { kind: 'vendor'; vendorCode: string }
  | { kind: 'commitment'; vendorCode: string; number: string }
  | { kind: 'commitment_line'; vendorCode: string; number: string; code: string; costType: string }
  | { kind: 'change_order_line'; jobNumber: string; number: string; code: string; costType: string };

export type RecordKind = RecordRef['kind'];

/** Fault switches. `setFaults` sets all of them: a switch left out is off. */
export interface ErpFaults {
  /** Fraction (0–1) of calls that fail transiently; for writes, some after the ERP stored the record. */
  transientRate?: number;
  /** Fraction (0–1) of read answers cut off in transit. */
  truncateRate?: number;
  /** A session (Spectrum GUID, Sage agent session) idle this long expires. */
  sessionExpiryMs?: number;
  /** The ERP cannot be reached at all. */
  outage?: boolean;
  /** Added before the ERP handles each call. */
  latencyMs?: number;
  /** Read answers stop after this many rows, saying so (0 or absent: no limit). */
  maxRows?: number;
}

export interface ErpControl {
  /** Everything the simulator holds, as it shows it; printed when an assertion needs context. */
  state(): unknown;
  /** Stored records answering to the key: 1 is "exactly one", 0 none, more are duplicates. */
  count(ref: RecordRef): number;
  /** Writes the ERP stored on those records, summed (seed data never written counts 0). */
  writeCount(ref: RecordRef): number;
  /** Those records as the ERP holds them, every field but the write counters. */
  stored(ref: RecordRef): Record<string, unknown>[];
  /**
   * Write calls the ERP answered for records of a kind since it started, refused ones included: what a
   * write costs in calls.
   */
  writeCalls(kind: RecordKind): number;
  /** Records of a kind in the whole ERP, to catch a write that landed under an unexpected key. */
  total(kind: RecordKind): number;
  setFaults(faults: ErpFaults): void;
}

export interface ContractHarness {
  connector: ErpConnector;
  control: ErpControl;
  stop(): Promise<void>;
}

/** How the kit numbers the records it creates; the defaults fit both Spectrum and Sage 300. */
export interface KitIds {
  job(n: number): string;
  vendor(n: number): string;
  /** A cost code the ERP's standard codes do not use, as our side writes it (e.g. `90-001`). */
  costCode(n: number): string;
  commitment(n: number): string;
  changeOrder(n: number): string;
  /** A customer the ERP has, for jobs. */
  customer: string;
}

export type JobField = 'division' | 'customerCode' | 'costCenter' | 'priceMethod' | 'address';

export interface ContractTarget {
  name: string;
  /**
   * The connector's description, known before any ERP runs (the kit generates one test per field
   * rule from it); the kit checks the running connector describes itself the same way.
   */
  description: ConnectorDescription;
  /** A fresh ERP holding its demo data, and a connector to it whose calls time out after `timeoutMs`. */
  start(options?: { timeoutMs?: number }): Promise<ContractHarness>;
  /**
   * The job fields the ERP keeps beside the number, name and status (a template fills them; a read gives
   * them back). Default: all of them, Spectrum's set.
   */
  jobFields?: JobField[];
  /** Whether the ERP's refusals carry a code of its own (Spectrum's `I`, `M`…); Sage's have words only. Default true. */
  refusalCodes?: boolean;
  /** Fault switches the simulator implements; the kit skips the others' tests. Default: all. */
  faults?: (keyof ErpFaults)[];
  ids?: Partial<KitIds>;
}
