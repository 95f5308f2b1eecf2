import { type Kysely, sql } from 'kysely';
import { newId } from '../../db/ids.ts';
import { toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidState, preconditionFailed } from '../../domain/errors.ts';
import { type ErpRequestKind, kindLabels } from '../../domain/lifecycle.ts';
import { erpDisplayName, unmetSendRules } from '../../domain/ordering-rules.ts';
import { preflight } from '../../domain/preflight.ts';
import { companyErpDescription } from '../../erp/descriptions.ts';
import type { WorkflowContext } from '../context.ts';
import { loadCompany } from '../shared/companies.ts';
import { openRequestFor } from '../shared/requests.ts';
import { loadSendSubject, resolveSubjectId, type SubjectRef } from '../shared/send-subjects/index.ts';
import { recordRequestStep } from './record-request-step.ts';

export interface SendToErpResult {
  requestId: string;
  status: 'ready_to_export' | 'ready_to_update';
}

/** Marks the assignments a request carries as pending, a few hundred per statement. */
async function markAssignments(
  trx: Kysely<DB>,
  projectId: string,
  assignments: { code: string; costType: string }[],
) {
  for (let i = 0; i < assignments.length; i += 200) {
    const batch = assignments.slice(i, i + 200);
    await trx
      .updateTable('project_cost_codes')
      .set({ erp_status: 'pending' })
      .where('project_id', '=', projectId)
      .where((eb) =>
        eb.or(batch.map((a) => eb.and([eb('code', '=', a.code), eb('cost_type', '=', a.costType)]))),
      )
      .execute();
  }
}

/** Where the version of the record a request snapshots lives (a budget's moves when it is locked). */
const subjectTables = {
  project: 'projects',
  cost_codes: 'projects',
  vendor: 'vendors',
  commitment: 'commitments',
  change_order: 'change_orders',
} as const satisfies Partial<Record<ErpRequestKind, keyof DB>>;

/**
 * A send changes the record (it locks it): its version moves first, before the snapshot is read. On
 * PostgreSQL that holds the row until the send commits, so an edit that read the record before cannot
 * land after the snapshot: its version-guarded update finds the newer version and answers 409.
 */
async function bumpSubjectVersion(trx: Kysely<DB>, kind: ErpRequestKind, subjectId: string) {
  if (kind === 'budget') return;
  await sql`update ${sql.table(subjectTables[kind])} set version = version + 1 where id = ${subjectId}`.execute(
    trx,
  );
}

/**
 * Send (or re-send) a record to the ERP: the ordering rules must hold (else 422 listing every unmet
 * rule); the record is snapshotted and checked against the ERP's field rules; the request waits for an
 * approver, and the record is locked until it is retrieved, rejected or synced.
 */
export async function sendToErp(
  ctx: WorkflowContext,
  props: { actor: Actor; ref: SubjectRef },
): Promise<SendToErpResult> {
  const { ref } = props;
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const subjectId = await resolveSubjectId(trx, ref);
    await bumpSubjectVersion(trx, ref.kind, subjectId);
    const open = await openRequestFor(trx, ref.kind, subjectId);
    if (open)
      throw invalidState(
        `${kindLabels[ref.kind]} is already ${open.status.replaceAll('_', ' ')} (request ${open.id})`,
      );

    const company = await loadCompany(trx, ref.companyId);
    const erpName = erpDisplayName(company.erpSystem);
    const description = await companyErpDescription(trx, ref.companyId);
    const subject = await loadSendSubject(trx, ref, description);
    const unmet = unmetSendRules(subject.facts, erpName);
    if (unmet.length > 0) {
      throw preconditionFailed(
        `${kindLabels[ref.kind]} cannot be sent to ${erpName} yet: ${unmet.map((u) => u.message).join('; ')}`,
        unmet,
      );
    }

    const requestId = newId();
    const status = subject.update ? 'ready_to_update' : 'ready_to_export';
    const checked = preflight(subject.preflightRules(description), subject.preflightView, erpName);
    await trx
      .insertInto('erp_requests')
      .values({
        id: requestId,
        company_id: ref.companyId,
        kind: ref.kind,
        subject_id: subject.subjectId,
        subject_label: subject.label,
        status,
        version: 1,
        sender_id: props.actor.userId,
        sent_at: now.toISOString(),
        snapshot: toJson(subject.snapshot),
        requested_updates: subject.requestedUpdates === null ? null : toJson(subject.requestedUpdates),
        preflight: toJson(checked),
        accept_options: null,
        result: null,
        error: null,
        attempts: 0,
        updated_at: now.toISOString(),
      })
      .execute()
      .catch((error: unknown) => {
        // Two senders racing: the unique index on open requests lets exactly one through.
        if (ctx.database.caps.isUniqueViolation(error))
          throw invalidState(`${kindLabels[ref.kind]} was just sent by someone else`);
        throw error;
      });
    if (subject.assignments.length > 0) await markAssignments(trx, subjectId, subject.assignments);
    await recordRequestStep(trx, ctx, {
      request: {
        id: requestId,
        company_id: ref.companyId,
        kind: ref.kind,
        subject_id: subject.subjectId,
        subject_label: subject.label,
      },
      actor: props.actor,
      type: 'sent',
      to: status,
      detail: { status, preflight: checked },
      audited: { snapshot: subject.snapshot },
      event: 'request.sent',
      at: now,
    });
    return { requestId, status };
  });
}
