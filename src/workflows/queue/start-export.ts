import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import { together } from '../../db/together.ts';
import type { Actor } from '../../domain/actor.ts';
import { preconditionFailed } from '../../domain/errors.ts';
import type { ErpRequestStatus } from '../../domain/lifecycle.ts';
import { erpDisplayName, unmetSendRules } from '../../domain/ordering-rules.ts';
import { preflight } from '../../domain/preflight.ts';
import type { WorkflowContext } from '../context.ts';
import { loadCompanyAndErp } from '../shared/companies.ts';
import { loadSendSubject, refOfRequest } from '../shared/send-subjects/index.ts';
import { releaseErpKeys } from './erp-key-reservations.ts';
import { type ExportJob, exportJobKind, exportJobMaxAttempts } from './export-job.ts';
import {
  type AcceptOptions,
  type ExportOptions,
  previousChoices,
  resolveExportOptions,
  viewWithOptions,
} from './export-options.ts';
import { advanceRequest, loadRequestForAction } from './load-request-for-action.ts';
import { recordRequestStep } from './record-request-step.ts';

export interface StartExportProps {
  actor: Actor;
  companyId: string;
  requestId: string;
  version?: number;
  options: AcceptOptions;
}

/**
 * Accept, Update and Retry: the ordering rules and the preflight are checked again with the approver's
 * options; then, in ONE transaction, the request moves to `exporting`, the audit row is written and the
 * export job is queued. A crash at any point leaves either nothing or all three.
 */
export async function startExport(
  ctx: WorkflowContext,
  props: StartExportProps,
  step: { from: ErpRequestStatus[]; event: 'accepted' | 'retried' },
  trx: Kysely<DB>,
): Promise<{ status: 'exporting' }> {
  const now = ctx.clock.now();
  // Statements issued together travel together on a pipelined transaction (the accept's).
  const [request, { company, description }] = await together([
    loadRequestForAction(trx, { ...props, allowed: step.from, action: step.event }),
    loadCompanyAndErp(trx, props.companyId),
  ]);
  // Accepting a request that brings updates to a record already in the ERP is its Update.
  const event = request.status === 'ready_to_update' ? 'updated' : step.event;
  const erpName = erpDisplayName(company.erpSystem);
  const [subject] = await together([
    loadSendSubject(trx, refOfRequest(request), description, 'accept'),
    // A retry may choose other keys: what an earlier run reserved and never wrote under is given back.
    // A request never accepted (no options yet) holds none.
    request.accept_options === null ? undefined : releaseErpKeys(trx, request.id),
  ]);
  const unmet = unmetSendRules(subject.facts, erpName);
  if (unmet.length > 0) throw preconditionFailed(`Not yet: ${unmet.map((u) => u.message).join('; ')}`, unmet);

  const chosen = { ...previousChoices(fromJson<ExportOptions>(request.accept_options)), ...props.options };
  const options = await resolveExportOptions(trx, request, chosen, company, description, erpName);
  const checked = preflight(subject.preflightRules(description), viewWithOptions(subject, options), erpName);
  if (!checked.ok) {
    const errors = checked.problems
      .filter((p) => p.severity === 'error')
      .map(({ path, message }) => ({ path, message }));
    throw preconditionFailed(
      `${erpName} would refuse it: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }

  // The move (to the next version), its step and its export job, issued together: a version conflict
  // rolls them all back.
  const job: ExportJob = { requestId: request.id, version: request.version + 1 };
  await together([
    advanceRequest(
      trx,
      request,
      // `attempts` counts this export's runs that met an ERP fault (and its final run): a retry starts afresh.
      {
        status: 'exporting',
        accept_options: toJson(options),
        preflight: toJson(checked),
        error: null,
        attempts: 0,
      },
      now,
    ),
    recordRequestStep(trx, ctx, {
      request,
      actor: props.actor,
      type: event,
      from: request.status,
      to: 'exporting',
      detail: { options },
      audited: { options },
      // Company events have no type for Update and Retry: every start of an export is an accept to them.
      event: 'request.accepted',
      at: now,
    }),
    ctx.queue.enqueue(trx, exportJobKind, job, {
      key: `${exportJobKind}:${request.id}:${job.version}`,
      maxAttempts: exportJobMaxAttempts,
      group: request.company_id,
    }),
  ]);
  return { status: 'exporting' };
}
