/**
 * The model of the export rules (PRODUCT.md §3, issue 13 "What to build"): pure state of our records,
 * their ERP requests and the ERP keys each record may hold, and what the rules say each action answers.
 * The commands (model-commands.ts) act on the real API and hold its answers to these predictions.
 */
import { vendorCodeCandidates } from '../../src/domain/vendor-code.ts';
import { isPhantom, type ModelLine, phantomRefusalField } from './model-lines.ts';

export type RecordKind = 'project' | 'vendor' | 'commitment' | 'change_order';
export type RequestStatus =
  | 'ready_to_export'
  | 'ready_to_update'
  | 'exporting'
  | 'synced'
  | 'failed'
  | 'rejected'
  | 'retrieved';

/**
 * Deliberately small pools, so that keys collide: three job numbers for every project, vendor names that
 * all derive ACMESUPPLY, proposed vendor codes among those derived ones, two subcontract and two change
 * order numbers.
 */
export const pools = {
  jobNumbers: ['J1', 'J2', 'J3'],
  vendorNames: ['Acme Supply', 'Acme Supply Co', 'ACME Supply'],
  vendorCodes: ['ACMESUPPLY', 'ACMESUPPL2', 'BOLT'],
  commitmentNumbers: ['SC1', 'SC2'],
  changeOrderNumbers: ['CO1', 'CO2'],
} as const;
export const vendorCodeLength = 10;

/** A job or vendor made in Spectrum, not by us: before our first sync (mirrored) or behind our back. */
export interface ForeignRecord {
  kind: 'job' | 'vendor';
  key: string;
  mirrored: boolean;
}
export interface RunSetup {
  foreign: ForeignRecord[];
  /** The run's first projects (picks of their numbers) and vendors (of their names). */
  projects: number[];
  vendors: number[];
  /** Whether they are sent, accepted in bulk and settled before the random commands. */
  syncFirst: boolean;
  /** Commitments of the first project, one with each vendor in turn (picks of their numbers). */
  commitments: number[];
  /** Change orders on those commitments in turn (picks of their numbers), sent; accepted or not. */
  changeOrders: number[];
  acceptChangeOrders: boolean;
  /**
   * Whether the first project comes to believe the phantom cost code × type synced (model-lines.ts)
   * once it is, and which of the first commitments or change orders then carry a line on it: their
   * first exports fail half-way.
   */
  phantom: 'none' | 'commitments' | 'change orders';
  /**
   * The approver's choice (racing-accepts.ts) when the first records competing for a key are accepted
   * in races before each bulk accept (model-commands.ts preludeCommands); undefined: bulk accepts alone.
   */
  firstRace?: number;
}

/** An ERP key as the rules reserve it: `job:J1`, `vendor:ACMESUPPLY`, `subcontract:ACMESUPPLY/SC1`. */
export type ErpKey = string;
export const jobKey = (number: string): ErpKey => `job:${number}`;
export const vendorKey = (code: string): ErpKey => `vendor:${code}`;
export const subcontractKey = (vendorCode: string, number: string): ErpKey =>
  `subcontract:${vendorCode}/${number}`;

export interface ModelRecord {
  index: number;
  kind: RecordKind;
  id: string;
  /** API path of the record, e.g. `/companies/c/projects/p`. */
  path: string;
  version: number;
  /** What identifies its writes in the ERP: a project's name, a vendor's email, the first word of a title. */
  label: string;
  /** Project number, commitment or change order number. */
  number?: string;
  /** Vendor name. */
  name?: string;
  /** The vendor's name as the ERP has it (its last synced snapshot). */
  syncedName?: string;
  projectIndex?: number;
  vendorIndex?: number;
  commitmentIndex?: number;
  synced: boolean;
  /** Job number, vendor code or (a change order's) change request number once synced. */
  erpCode?: string;
  /** A commitment's or change order's lines as our side holds them: what its next send takes. */
  lines?: ModelLine[];
  /** Every item a commitment's lines ever had: a new line never takes one (Spectrum keys lines by it). */
  itemsUsed?: Set<number>;
  /** A project whose phantom cost code × type (model-lines.ts) our side believes synced. */
  hasPhantomPair?: boolean;
  /** Its request that is ready, exporting or failed (at most one). */
  openRequest?: number;
  /** Every key an accepted request of it was given: the keys it may have written. */
  keysGiven: Set<ErpKey>;
  everAccepted: boolean;
}

/** What an export must end as: synced, failed naming the field, or either (the ERP was faulty meanwhile). */
export type Expected = 'synced' | 'either' | { failedOn: string };

export interface ModelRequest {
  index: number;
  id: string;
  record: number;
  status: RequestStatus;
  version: number;
  /** The key its export was given (none for updates and change orders). */
  key?: ErpKey;
  expected?: Expected;
}

/**
 * Who holds a key: `sure` once accepted (reserved) or synced; not sure after a failure that may have
 * written under it (an ERP fault after the record was stored, or a crash after the claim), when the
 * engine may have kept or released it.
 */
export interface Holding {
  record: number;
  sure: boolean;
}

export interface Model {
  c: string;
  records: ModelRecord[];
  requests: ModelRequest[];
  holdings: Map<ErpKey, Holding>;
  /** Keys our last sync saw in Spectrum (made there before it). */
  mirror: Set<ErpKey>;
  /** Keys made in Spectrum after our sync: in the ERP, unknown to us. */
  behindOurBack: Set<ErpKey>;
  /** An ERP fault is switched on: an export may fail with the fault's message. */
  faulty: boolean;
  /** What happened in the run, counted (refusals, failures, syncs by kind), to show what a green run tested. */
  seen: Map<string, number>;
}

export const noteSeen = (model: Model, what: string) => model.seen.set(what, (model.seen.get(what) ?? 0) + 1);

export function initialModel(c: string, setup: RunSetup): Model {
  const key = (f: ForeignRecord) => (f.kind === 'job' ? jobKey(f.key) : vendorKey(f.key));
  return {
    c,
    records: [],
    requests: [],
    holdings: new Map(),
    mirror: new Set(setup.foreign.filter((f) => f.mirrored).map(key)),
    behindOurBack: new Set(setup.foreign.filter((f) => !f.mirrored).map(key)),
    faulty: false,
    seen: new Map(),
  };
}

export const recordsOf = (model: Model, kind: RecordKind) => model.records.filter((r) => r.kind === kind);
export const openRequestOf = (model: Model, record: ModelRecord) =>
  record.openRequest === undefined ? undefined : model.requests[record.openRequest];
/** The record's export is under way: what it will have become is unknown until the workers settle. */
export const isExporting = (model: Model, record: ModelRecord | undefined) =>
  record !== undefined && openRequestOf(model, record)?.status === 'exporting';

/** Whether `record` may take `key` at accept: free, taken (refused), or not known (the engine decides). */
export function keyAvailability(model: Model, record: number, key: ErpKey): 'free' | 'taken' | 'unsure' {
  if (model.mirror.has(key)) return 'taken';
  const holding = model.holdings.get(key);
  if (!holding || holding.record === record) return 'free';
  // An export that may fail before writing gives its key back when it fails, which may be now.
  const holder = openRequestOf(model, model.records[holding.record]!);
  const mayLetGo = holder?.status === 'exporting' && holder.expected !== 'synced';
  return holding.sure && !mayLetGo ? 'taken' : 'unsure';
}

export type SendPrediction =
  | { status: 201; requestStatus: 'ready_to_export' | 'ready_to_update' }
  | { status: 409; code: 'invalid_state' }
  | { status: 422; code: 'precondition_failed' };

/** Send to ERP (PRODUCT.md §3 transitions and ordering rules). */
export function predictSend(model: Model, record: ModelRecord): SendPrediction {
  if (record.openRequest !== undefined) return { status: 409, code: 'invalid_state' };
  // The ERP owns a synced commitment or change order (PRODUCT.md §3).
  if (record.synced && (record.kind === 'commitment' || record.kind === 'change_order'))
    return { status: 409, code: 'invalid_state' };
  switch (record.kind) {
    case 'project':
      return record.synced
        ? { status: 409, code: 'invalid_state' }
        : { status: 201, requestStatus: 'ready_to_export' };
    case 'vendor':
      if (!record.synced) return { status: 201, requestStatus: 'ready_to_export' };
      return record.name === record.syncedName
        ? { status: 422, code: 'precondition_failed' } // nothing changed since it was synced
        : { status: 201, requestStatus: 'ready_to_update' };
    case 'commitment': {
      const vendor = model.records[record.vendorIndex!]!;
      return vendor.synced && linesCanGo(model, record)
        ? { status: 201, requestStatus: 'ready_to_export' }
        : { status: 422, code: 'precondition_failed' };
    }
    case 'change_order':
      return model.records[record.commitmentIndex!]!.synced && linesCanGo(model, record)
        ? { status: 201, requestStatus: 'ready_to_export' }
        : { status: 422, code: 'precondition_failed' };
  }
}

/**
 * A commitment's or change order's lines may go once its project is synced, and only on cost codes ×
 * types our side has synced: the phantom pair only where the project believes it synced.
 */
function linesCanGo(model: Model, record: ModelRecord): boolean {
  const project = model.records[record.projectIndex!]!;
  return project.synced && (project.hasPhantomPair || !record.lines!.some(isPhantom));
}

export function applySent(model: Model, record: ModelRecord, id: string, status: RequestStatus): void {
  const index = model.requests.length;
  model.requests.push({ index, id, record: record.index, status, version: 1 });
  record.openRequest = index;
  record.version++; // a send moves the record's version (issue 13 finding 7)
}

/** The approver's options of an accept or a retry, as the commands choose them. */
export interface ExportChoice {
  jobNumber?: string;
  vendorCode?: string;
}

export type StartPrediction =
  | { status: 409; code: 'invalid_state' | 'version_conflict' }
  | { status: 422; path: string }
  /** 202 with the key to reserve; `orRefused`: 422 on `path` is as right (the key's holder is unsure). */
  | { status: 202; key?: ErpKey; orRefusedOn?: string }
  /** A new vendor without a proposed code: the engine derives one (checked once known: checkDerivedCode). */
  | { status: 202; derive: true };

/**
 * Accept / Update (from ready) or Retry (from failed): the rules of issue 13 — a key already in the
 * ERP mirror or held by another record is refused naming its field; an update keeps the vendor's code.
 */
export function predictStart(
  model: Model,
  request: ModelRequest,
  action: 'accept' | 'retry',
  choice: ExportChoice,
  version: number,
): StartPrediction {
  const from = action === 'accept' ? ['ready_to_export', 'ready_to_update'] : ['failed'];
  if (version !== request.version) return { status: 409, code: 'version_conflict' };
  if (!from.includes(request.status)) return { status: 409, code: 'invalid_state' };
  const record = model.records[request.record]!;
  const keyed = (key: ErpKey, path: string): StartPrediction => {
    const availability = keyAvailability(model, record.index, key);
    if (availability === 'taken') return { status: 422, path };
    return availability === 'unsure' ? { status: 202, key, orRefusedOn: path } : { status: 202, key };
  };
  switch (record.kind) {
    case 'project': {
      const previous = request.key?.slice('job:'.length);
      return keyed(jobKey(choice.jobNumber ?? previous ?? record.number!), 'jobNumber');
    }
    case 'vendor': {
      if (record.synced) {
        // An update: the vendor keeps the code the ERP knows it by (finding 5).
        if (choice.vendorCode !== undefined && choice.vendorCode !== record.erpCode)
          return { status: 422, path: 'vendorCode' };
        return { status: 202 };
      }
      const code = choice.vendorCode ?? request.key?.slice('vendor:'.length);
      return code === undefined ? { status: 202, derive: true } : keyed(vendorKey(code), 'vendorCode');
    }
    case 'commitment': {
      const vendor = model.records[record.vendorIndex!]!;
      return keyed(subcontractKey(vendor.erpCode!, record.number!), 'number');
    }
    case 'change_order':
      return { status: 202 };
  }
}

/**
 * A derived vendor code is one of the name's candidates, and every candidate before it was taken (in the
 * mirror or held by another record); the chosen one was not surely taken. Answers a problem, if any.
 */
export function checkDerivedCode(model: Model, record: ModelRecord, code: string): string | undefined {
  const candidates = vendorCodeCandidates(record.name!, vendorCodeLength);
  for (let i = 0; i < 50; i++) {
    const candidate = candidates.next().value;
    const availability = keyAvailability(model, record.index, vendorKey(candidate));
    if (candidate === code)
      return availability === 'taken' ? `derived vendor code ${code} is taken` : undefined;
    if (availability === 'free') return `derived ${code}, but ${candidate} was free`;
  }
  return `derived ${code}, not a candidate of ${record.name}`;
}

/** The export was started (202): the key is the record's now, and what its export must end as. */
export function applyStarted(model: Model, request: ModelRequest, key: ErpKey | undefined): void {
  const record = model.records[request.record]!;
  request.status = 'exporting';
  request.version++;
  record.everAccepted = true;
  if (key !== undefined) {
    request.key = key;
    record.keysGiven.add(key);
    model.holdings.set(key, { record: record.index, sure: true });
  }
  const field = key?.startsWith('job:') ? 'jobNumber' : key?.startsWith('vendor:') ? 'vendorCode' : undefined;
  request.expected = model.faulty
    ? 'either'
    : key !== undefined && model.behindOurBack.has(key) && field
      ? { failedOn: field } // made in Spectrum behind our back: found at export, never overwritten
      : record.lines?.some(isPhantom)
        ? { failedOn: phantomRefusalField } // Spectrum refuses the line, after storing others
        : 'synced';
}

/** Reject (ready or failed) and Retrieve (ready) answer 200 from these statuses, else 409. */
export function predictEnd(
  request: ModelRequest,
  action: 'reject' | 'retrieve',
  version: number,
): { status: 200 } | { status: 409; code: 'invalid_state' | 'version_conflict' } {
  const from =
    action === 'reject'
      ? ['ready_to_export', 'ready_to_update', 'failed']
      : ['ready_to_export', 'ready_to_update'];
  if (version !== request.version) return { status: 409, code: 'version_conflict' };
  return from.includes(request.status) ? { status: 200 } : { status: 409, code: 'invalid_state' };
}

export function applyEnded(model: Model, request: ModelRequest, action: 'reject' | 'retrieve'): void {
  request.status = action === 'reject' ? 'rejected' : 'retrieved';
  request.version++;
  model.records[request.record]!.openRequest = undefined;
  // Keys of a ready request were never reserved; a failed one's were released at its failure or are
  // unsure already: nothing changes hands here.
}

/** What the settled export ended as, from the API. */
export interface Settled {
  status: string;
  version: number;
  error: { message?: string; field?: string } | null;
  /** A change order's change request number on its job, as the engine allocated it. */
  erpNumber?: string;
}

/** Checks a settled export against what the model expected; answers the problems. */
export function checkSettled(request: ModelRequest, settled: Settled): string[] {
  const problems: string[] = [];
  const where = `request ${request.index} (record ${request.record})`;
  if (settled.status !== 'synced' && settled.status !== 'failed')
    return [`${where} is ${settled.status} after the workers settled`];
  if (settled.status === 'failed' && !settled.error?.message)
    problems.push(`${where} failed without a reason`);
  const expected = request.expected ?? 'either';
  if (expected === 'synced' && settled.status !== 'synced')
    problems.push(`${where} should have synced, but failed: ${JSON.stringify(settled.error)}`);
  if (
    typeof expected === 'object' &&
    (settled.status !== 'failed' || settled.error?.field !== expected.failedOn)
  )
    problems.push(
      `${where} should have failed on ${expected.failedOn}, but is ${settled.status} ${JSON.stringify(settled.error)}`,
    );
  return problems;
}

/** The settled export's effect on the model. */
export function applySettled(model: Model, request: ModelRequest, settled: Settled): void {
  const record = model.records[request.record]!;
  request.version = settled.version;
  noteSeen(
    model,
    `${record.kind} ${settled.status}${settled.error?.field ? ` on ${settled.error.field}` : ''}`,
  );
  if (settled.status === 'synced') {
    request.status = 'synced';
    record.synced = true;
    record.openRequest = undefined;
    if (record.kind === 'project') record.erpCode = request.key!.slice('job:'.length);
    if (record.kind === 'vendor') {
      record.erpCode ??= request.key!.slice('vendor:'.length);
      record.syncedName = record.name;
    }
    if (record.kind === 'change_order') record.erpCode = settled.erpNumber;
    if (request.key) model.holdings.set(request.key, { record: record.index, sure: true });
    return;
  }
  request.status = 'failed';
  const holding = request.key ? model.holdings.get(request.key) : undefined;
  if (!request.key || holding?.record !== record.index) return;
  // Refused as existing: nothing was written, the key is given back. Otherwise the export may have
  // written under it before it failed: the engine keeps it if it did.
  const refusedAsExisting = settled.error?.field === 'jobNumber' || settled.error?.field === 'vendorCode';
  if (refusedAsExisting) model.holdings.delete(request.key);
  else holding.sure = false;
}

/** An ERP fault switched on: every export under way may now fail with the fault's message. */
export function applyFaulty(model: Model): void {
  model.faulty = true;
  for (const request of model.requests) if (request.status === 'exporting') request.expected = 'either';
}

/** Edit (PATCH): a stale version is a conflict; a record waiting for or in the ERP is locked. */
export function predictEdit(
  record: ModelRecord,
  version: number,
): { status: 200 } | { status: 409; code: 'invalid_state' | 'version_conflict' } {
  if (version !== record.version) return { status: 409, code: 'version_conflict' };
  if (record.openRequest !== undefined) return { status: 409, code: 'invalid_state' };
  // A synced vendor's name may change (it goes out as an update); the rest is the ERP's once synced.
  if (record.synced && record.kind !== 'vendor') return { status: 409, code: 'invalid_state' };
  return { status: 200 };
}
