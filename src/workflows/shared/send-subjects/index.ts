import type { Kysely } from 'kysely';
import { fromJson } from '../../../db/json.ts';
import type { DB } from '../../../db/schema.ts';
import type { ErpRequestKind } from '../../../domain/lifecycle.ts';
import type { SendFacts } from '../../../domain/ordering-rules.ts';
import type { FieldRule } from '../../../domain/preflight.ts';
import type { ConnectorDescription } from '../../../erp/connector.ts';
import type { RecordRef } from '../../../notify/links.ts';
import { loadChangeOrderRow, loadCommitmentRow } from '../commitments/rows.ts';
import { loadProjectRow } from '../projects.ts';
import { loadVendorRow } from '../vendors.ts';
import { budgetSubject } from './budget.ts';
import { changeOrderSubject } from './change-order.ts';
import { commitmentSubject } from './commitment.ts';
import { costCodesSubject } from './cost-codes.ts';
import { projectSubject } from './project.ts';
import { vendorSubject } from './vendor.ts';

/** Which record is sent: the project id for project, cost codes and budget; else the record's own ids. */
export type SubjectRef = RecordRef;

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

/** Send checks a record as the project side left it; accept checks it again with the approver's options. */
export type Stage = 'send' | 'accept';

/** The builder of one kind's subject, given a reference of that kind. */
export type SubjectLoader<R extends SubjectRef = SubjectRef> = (
  db: Kysely<DB>,
  ref: R,
  description: ConnectorDescription,
  stage: Stage,
) => Promise<SendSubject>;

const loaders: { [K in ErpRequestKind]: SubjectLoader<Extract<SubjectRef, { kind: K }>> } = {
  project: projectSubject,
  cost_codes: costCodesSubject,
  budget: budgetSubject,
  vendor: vendorSubject,
  commitment: commitmentSubject,
  change_order: changeOrderSubject,
};

/** Loads the record behind a send (or an accept) with its facts, snapshot and preflight view. */
export function loadSendSubject(
  db: Kysely<DB>,
  ref: SubjectRef,
  description: ConnectorDescription,
  stage: Stage = 'send',
): Promise<SendSubject> {
  // The table pairs each kind with the builder of its own references, which TypeScript cannot follow.
  const load = loaders[ref.kind] as SubjectLoader;
  return load(db, ref, description, stage);
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
