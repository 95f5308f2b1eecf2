import type { Kysely } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB, ErpRequestKind } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { formatMoney, sumMoney } from '../../domain/money.ts';
import type { Pair, SendFacts } from '../../domain/ordering-rules.ts';
import { deriveVendorCode } from '../../domain/vendor-code.ts';
import type { ConnectorDescription, FieldRule } from '../../erp/connector.ts';
import { loadBudgetLines } from '../records/budget-rows.ts';
import {
  type CommitmentLine,
  loadChangeOrderRow,
  loadCommitmentRow,
  loadLines,
  retentionPercentOf,
} from '../records/commitments.ts';
import { listProjectCostCodes } from '../records/list-project-cost-codes.ts';
import { loadCompany } from './companies.ts';
import { loadProject, loadProjectRow } from './projects.ts';
import { loadVendorRow } from './vendors.ts';

/** Which record is sent: the project id for project, cost codes and budget; else the record's own ids. */
export type SubjectRef =
  | { kind: 'project' | 'cost_codes' | 'budget'; companyId: string; projectId: string }
  | { kind: 'vendor'; companyId: string; vendorId: string }
  | { kind: 'commitment'; companyId: string; projectId: string; commitmentId: string }
  | {
      kind: 'change_order';
      companyId: string;
      projectId: string;
      commitmentId: string;
      changeOrderId: string;
    };

/** Everything a send (and later an accept) needs to know about the record, gathered in one place. */
export interface SendSubject {
  kind: ErpRequestKind;
  subjectId: string;
  label: string;
  /** A change to a record the ERP already has (`ready_to_update`). */
  update: boolean;
  /** What the approver reviews and the export writes; amounts as decimal strings like the API. */
  snapshot: Record<string, unknown>;
  /** For updates: exactly what changes. */
  requestedUpdates: unknown;
  facts: SendFacts;
  /** The record in the connector's write model, checked against the ERP's field rules. */
  preflightView: unknown;
  preflightRules(description: ConnectorDescription): FieldRule[];
  /** Project cost-code assignments the request carries: pending while it is open. */
  assignments: { code: string; costType: string }[];
}

const prefixed = (rules: FieldRule[], prefix: string) =>
  rules.map((r) => ({ ...r, path: `${prefix}${r.path}` }));

/**
 * Fields a job template fills when the project leaves them blank (ERP.md §2). Never the taxable flag:
 * no Spectrum read returns a job's, so it comes from the project or the connection's default.
 */
const templateFillable = new Set(['division', 'customerCode', 'costCenter', 'priceMethod']);

async function pairStatuses(db: Kysely<DB>, projectId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('project_cost_codes')
    .select(['code', 'cost_type', 'erp_status'])
    .where('project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [`${r.code}\u0000${r.cost_type}`, r.erp_status]));
}

function unsyncedPairs(
  lines: { costCode: string; costType: string }[],
  statuses: Map<string, string>,
): Pair[] {
  return lines.flatMap((line, i) =>
    statuses.get(`${line.costCode}\u0000${line.costType}`) === 'synced'
      ? []
      : [{ ...line, path: `lines[${i}]` }],
  );
}

const snapshotLines = (lines: CommitmentLine[]) =>
  lines.map((l) => ({ ...l, amount: formatMoney(l.amount) }));
const writeLines = (lines: CommitmentLine[]) =>
  lines.map((l) => ({
    code: l.costCode,
    costType: l.costType,
    amount: l.amount,
    description: l.description ?? undefined,
  }));

async function projectSubject(
  db: Kysely<DB>,
  companyId: string,
  projectId: string,
  description: ConnectorDescription,
  stage: Stage,
): Promise<SendSubject> {
  const row = await loadProjectRow(db, companyId, projectId);
  if (row.synced_snapshot !== null) {
    throw new AppError(
      'invalid_state',
      `The project is already ERP job ${row.erp_job_number}: send new cost codes or the budget instead`,
    );
  }
  const project = await loadProject(db, companyId, projectId);
  const company = await loadCompany(db, companyId);
  const costCodes = (await listProjectCostCodes(db, companyId, projectId)).map((c) => ({
    code: c.code,
    description: c.description,
    costTypes: c.costTypes.map((t) => t.code),
  }));
  const { erp: _erp, version: _v, createdBy: _c, createdAt: _ca, updatedAt: _u, ...fields } = project;
  const view: Record<string, unknown> = {
    jobNumber: project.number,
    name: project.name,
    division: project.division,
    address: project.address,
    customerCode: project.customerCode,
    costCenter: project.costCenter,
    priceMethod: project.priceMethod,
    taxable: project.taxable,
    costCodes,
  };
  // At send the template is not chosen yet: a default template will fill the blanks. At accept the chosen
  // template has filled them (see viewWithOptions), so every required field is checked as it stands.
  const hasTemplate = stage === 'send' && company.settings.defaultJobTemplate !== null;
  // The job number is chosen at accept; a template fills the other blanks, if the company has one.
  const relaxed = (rules: FieldRule[]) =>
    rules.map((r) => (templateFillable.has(r.path) && hasTemplate ? { ...r, required: false } : r));
  const subject: SendSubject = {
    kind: 'project',
    subjectId: projectId,
    label: project.number ? `${project.number} ${project.name}` : project.name,
    update: false,
    snapshot: { ...fields, costCodes },
    requestedUpdates: null,
    facts: { kind: 'project', active: project.active, missingJobFields: [] },
    preflightView: view,
    preflightRules: (d) => [...relaxed(d.fields.project), ...prefixed(d.fields.cost_codes, 'costCodes[].')],
    assignments: costCodes.flatMap((c) => c.costTypes.map((costType) => ({ code: c.code, costType }))),
  };
  subject.facts = {
    kind: 'project',
    active: project.active,
    missingJobFields: stage === 'send' ? missingJobFields(subject, description) : [],
  };
  return subject;
}

/** Required job fields (except the job number, chosen at accept) the project leaves blank. */
function missingJobFields(
  subject: SendSubject,
  description: ConnectorDescription,
): { path: string; label: string; filledBy: 'template' | 'connection' }[] {
  const view = subject.preflightView as Record<string, unknown>;
  return subject
    .preflightRules(description)
    .filter((r) => r.required && r.path !== 'jobNumber' && !r.path.includes('.') && !r.path.includes('[]'))
    .filter((r) => view[r.path] === null || view[r.path] === undefined || view[r.path] === '')
    .map((r) => ({
      path: r.path,
      label: r.label,
      filledBy: templateFillable.has(r.path) ? ('template' as const) : ('connection' as const),
    }));
}

async function costCodesSubject(db: Kysely<DB>, companyId: string, projectId: string): Promise<SendSubject> {
  const project = await loadProjectRow(db, companyId, projectId);
  const codes = await listProjectCostCodes(db, companyId, projectId);
  const updates = codes.flatMap((c) => {
    // Pending assignments are this request's own (at accept, the rules are checked again).
    const fresh = c.costTypes.filter((t) => t.erpStatus !== 'synced').map((t) => t.code);
    if (fresh.length === 0) return [];
    const codeInErp = c.costTypes.some((t) => t.erpStatus === 'synced');
    return [{ code: c.code, description: c.description, costTypes: fresh, codeInErp }];
  });
  return {
    kind: 'cost_codes',
    subjectId: projectId,
    label: `${project.erp_job_number ?? project.number ?? project.name} cost codes`,
    update: true,
    snapshot: { projectId, jobNumber: project.erp_job_number, costCodes: updates },
    requestedUpdates: { costCodes: updates },
    facts: {
      kind: 'cost_codes',
      projectSynced: project.synced_snapshot !== null,
      newAssignments: updates.reduce((n, u) => n + u.costTypes.length, 0),
    },
    preflightView: { costCodes: updates.map(({ codeInErp: _, ...u }) => u) },
    preflightRules: (d) => prefixed(d.fields.cost_codes, 'costCodes[].'),
    assignments: updates.flatMap((u) => u.costTypes.map((costType) => ({ code: u.code, costType }))),
  };
}

async function budgetSubject(db: Kysely<DB>, companyId: string, projectId: string): Promise<SendSubject> {
  const project = await loadProjectRow(db, companyId, projectId);
  const budget = await db
    .selectFrom('budgets')
    .selectAll()
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const lines = await loadBudgetLines(db, projectId);
  const statuses = await pairStatuses(db, projectId);
  const current = lines.map((l) => ({
    costCode: l.costCode,
    costType: l.costType,
    amount: formatMoney(l.amount),
  }));
  const synced = fromJson<{ lines: typeof current }>(budget.synced_snapshot);
  let requestedUpdates: unknown = null;
  if (synced) {
    const key = (l: { costCode: string; costType: string }) => `${l.costCode}\u0000${l.costType}`;
    const before = new Map(synced.lines.map((l) => [key(l), l.amount]));
    const after = new Map(current.map((l) => [key(l), l.amount]));
    const changes = [...new Set([...before.keys(), ...after.keys()])].flatMap((k) => {
      const [costCode, costType] = k.split('\u0000') as [string, string];
      const was = before.get(k) ?? null;
      const now = after.get(k) ?? null;
      return was === now ? [] : [{ costCode, costType, before: was, after: now }];
    });
    if (changes.length === 0)
      throw new AppError('precondition_failed', 'Nothing changed since the budget was synced', [
        { path: 'lines', message: 'no line changed' },
      ]);
    requestedUpdates = { lines: changes };
  }
  return {
    kind: 'budget',
    subjectId: projectId,
    label: `${project.erp_job_number ?? project.number ?? project.name} budget`,
    update: synced !== null,
    snapshot: {
      projectId,
      jobNumber: project.erp_job_number,
      lines: current,
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
    },
    requestedUpdates,
    facts: {
      kind: 'budget',
      projectSynced: project.synced_snapshot !== null,
      locked: budget.locked === 1,
      lineCount: lines.length,
      unsyncedPairs: unsyncedPairs(lines, statuses),
    },
    preflightView: {
      lines: lines.map((l) => ({ code: l.costCode, costType: l.costType, amount: l.amount })),
    },
    preflightRules: (d) => d.fields.budget,
    assignments: [],
  };
}

function vendorCodeRuleLength(description: ConnectorDescription): number {
  return description.fields.vendor.find((r) => r.path === 'vendorCode')?.maxLength ?? 10;
}

async function vendorSubject(db: Kysely<DB>, companyId: string, vendorId: string): Promise<SendSubject> {
  const row = await loadVendorRow(db, companyId, vendorId);
  const snapshot = {
    id: row.id,
    name: row.name,
    active: row.active === 1,
    vendorCode: row.erp_vendor_code ?? row.vendor_code,
    email: row.email,
    address: fromJson<Record<string, string>>(row.address),
  };
  const synced = fromJson<Record<string, unknown>>(row.synced_snapshot);
  let requestedUpdates: unknown = null;
  if (synced) {
    const changes = Object.entries(snapshot).flatMap(([field, value]) =>
      JSON.stringify(value) === JSON.stringify(synced[field])
        ? []
        : [{ field, before: synced[field] ?? null, after: value }],
    );
    if (changes.length === 0)
      throw new AppError('precondition_failed', 'Nothing changed since the vendor was synced', [
        { path: 'vendor', message: 'no field changed' },
      ]);
    requestedUpdates = { fields: changes };
  }
  return {
    kind: 'vendor',
    subjectId: vendorId,
    label: row.name,
    update: synced !== null,
    snapshot,
    requestedUpdates,
    facts: { kind: 'vendor', active: row.active === 1 },
    preflightView: { ...snapshot },
    preflightRules: (d) => d.fields.vendor,
    assignments: [],
  };
}

async function commitmentRows(db: Kysely<DB>, companyId: string, projectId: string, commitmentId: string) {
  const commitment = await loadCommitmentRow(db, companyId, commitmentId, projectId);
  const vendor = await loadVendorRow(db, companyId, commitment.vendor_id);
  return { commitment, vendor };
}

async function commitmentSubject(
  db: Kysely<DB>,
  ref: Extract<SubjectRef, { kind: 'commitment' }>,
): Promise<SendSubject> {
  const project = await loadProjectRow(db, ref.companyId, ref.projectId);
  const { commitment, vendor } = await commitmentRows(db, ref.companyId, ref.projectId, ref.commitmentId);
  if (commitment.synced_snapshot !== null)
    throw new AppError('invalid_state', 'The commitment is in the ERP, which owns it from now on');
  const lines = await loadLines(db, 'commitment_lines', commitment.id);
  const jobNumber = project.erp_job_number ?? project.number;
  const vendorCode = vendor.erp_vendor_code ?? vendor.vendor_code;
  return {
    kind: 'commitment',
    subjectId: commitment.id,
    label: `${commitment.number} ${commitment.title}`,
    update: false,
    snapshot: {
      id: commitment.id,
      projectId: project.id,
      jobNumber,
      type: commitment.type,
      number: commitment.number,
      title: commitment.title,
      status: commitment.status,
      retentionPercent: retentionPercentOf(commitment.retention_basis_points),
      vendor: { id: vendor.id, name: vendor.name, vendorCode },
      lines: snapshotLines(lines),
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
    },
    requestedUpdates: null,
    facts: {
      kind: 'commitment',
      projectSynced: project.synced_snapshot !== null,
      vendorSynced: vendor.synced_snapshot !== null,
      vendorName: vendor.name,
      status: commitment.status,
      lineCount: lines.length,
      unsyncedPairs: unsyncedPairs(lines, await pairStatuses(db, project.id)),
    },
    preflightView: {
      jobNumber,
      vendorCode,
      number: commitment.number,
      title: commitment.title,
      // As the ERP receives it (`7.5`), for its format rule.
      retentionPercent:
        commitment.retention_basis_points === null
          ? null
          : String(retentionPercentOf(commitment.retention_basis_points)),
      lines: writeLines(lines),
    },
    preflightRules: (d) => d.fields.commitment,
    assignments: [],
  };
}

async function changeOrderSubject(
  db: Kysely<DB>,
  ref: Extract<SubjectRef, { kind: 'change_order' }>,
): Promise<SendSubject> {
  const project = await loadProjectRow(db, ref.companyId, ref.projectId);
  const { commitment, vendor } = await commitmentRows(db, ref.companyId, ref.projectId, ref.commitmentId);
  const order = await loadChangeOrderRow(db, ref.companyId, commitment.id, ref.changeOrderId);
  if (order.synced_snapshot !== null)
    throw new AppError('invalid_state', 'The change order is in the ERP, which owns it from now on');
  const lines = await loadLines(db, 'change_order_lines', order.id);
  // The commitment line each line changes (the first on its cost code × type), by its item: the ERP keys
  // a change order line by the subcontract line it changes.
  const items = new Map<string, number>();
  for (const line of (await loadLines(db, 'commitment_lines', commitment.id)).toReversed())
    items.set(`${line.costCode}\u0000${line.costType}`, line.item);
  return {
    kind: 'change_order',
    subjectId: order.id,
    label: `${commitment.number} / ${order.number} ${order.title}`,
    update: false,
    snapshot: {
      id: order.id,
      projectId: project.id,
      jobNumber: project.erp_job_number ?? project.number,
      commitment: {
        id: commitment.id,
        number: commitment.number,
        vendorCode: vendor.erp_vendor_code ?? vendor.vendor_code,
      },
      number: order.number,
      title: order.title,
      description: order.description,
      status: order.status,
      lines: snapshotLines(lines).map((l) => ({
        ...l,
        commitmentItem: items.get(`${l.costCode}\u0000${l.costType}`) ?? null,
      })),
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
    },
    requestedUpdates: null,
    facts: {
      kind: 'change_order',
      commitmentSynced: commitment.synced_snapshot !== null,
      commitmentNumber: commitment.number,
      status: order.status,
      lineCount: lines.length,
      unsyncedPairs: unsyncedPairs(lines, await pairStatuses(db, project.id)),
    },
    preflightView: {
      number: order.number,
      title: order.title,
      description: order.description,
      lines: writeLines(lines),
    },
    preflightRules: (d) => d.fields.change_order,
    assignments: [],
  };
}

/** Loads the record behind a send (or an accept) with its facts, snapshot and preflight view. */
/** Send checks a record as the project side left it; accept checks it again with the approver's options. */
export type Stage = 'send' | 'accept';

export async function loadSendSubject(
  db: Kysely<DB>,
  ref: SubjectRef,
  description: ConnectorDescription,
  stage: Stage = 'send',
): Promise<SendSubject> {
  let subject: SendSubject;
  switch (ref.kind) {
    case 'project':
      subject = await projectSubject(db, ref.companyId, ref.projectId, description, stage);
      break;
    case 'cost_codes':
      subject = await costCodesSubject(db, ref.companyId, ref.projectId);
      break;
    case 'budget':
      subject = await budgetSubject(db, ref.companyId, ref.projectId);
      break;
    case 'vendor': {
      subject = await vendorSubject(db, ref.companyId, ref.vendorId);
      const view = subject.preflightView as { vendorCode: string | null; name: string };
      // Without a proposed code, the approver's default is derived from the name: check that one.
      view.vendorCode ??= deriveVendorCode(view.name, vendorCodeRuleLength(description));
      break;
    }
    case 'commitment':
      subject = await commitmentSubject(db, ref);
      break;
    case 'change_order':
      subject = await changeOrderSubject(db, ref);
      break;
  }
  return subject;
}

/** The request subject id of a reference, after checking the record exists where the path says. */
export async function resolveSubjectId(db: Kysely<DB>, ref: SubjectRef): Promise<string> {
  switch (ref.kind) {
    case 'project':
    case 'cost_codes':
    case 'budget':
      return (await loadProjectRow(db, ref.companyId, ref.projectId)).id;
    case 'vendor':
      return (await loadVendorRow(db, ref.companyId, ref.vendorId)).id;
    case 'commitment':
      return (await loadCommitmentRow(db, ref.companyId, ref.commitmentId, ref.projectId)).id;
    case 'change_order': {
      const commitment = await loadCommitmentRow(db, ref.companyId, ref.commitmentId, ref.projectId);
      return (await loadChangeOrderRow(db, ref.companyId, commitment.id, ref.changeOrderId)).id;
    }
  }
}

/** The subject reference of a request, for checking its rules again at accept. */
export function refOfRequest(request: {
  company_id: string;
  kind: ErpRequestKind;
  subject_id: string;
  snapshot: string;
}): SubjectRef {
  const companyId = request.company_id;
  switch (request.kind) {
    case 'project':
    case 'cost_codes':
    case 'budget':
      return { kind: request.kind, companyId, projectId: request.subject_id };
    case 'vendor':
      return { kind: 'vendor', companyId, vendorId: request.subject_id };
    case 'commitment': {
      const snapshot = fromJson<{ projectId: string }>(request.snapshot);
      return {
        kind: 'commitment',
        companyId,
        projectId: snapshot.projectId,
        commitmentId: request.subject_id,
      };
    }
    case 'change_order': {
      const snapshot = fromJson<{ projectId: string; commitment: { id: string } }>(request.snapshot);
      return {
        kind: 'change_order',
        companyId,
        projectId: snapshot.projectId,
        commitmentId: snapshot.commitment.id,
        changeOrderId: request.subject_id,
      };
    }
  }
}
