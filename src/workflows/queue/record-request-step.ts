import type { Kysely, Selectable } from 'kysely';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { together } from '../../db/together.ts';
import type { Actor } from '../../domain/actor.ts';
import { type CompanyEventType, requestEventData } from '../../domain/company-events.ts';
import type { ErpRequestStatus } from '../../domain/lifecycle.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudits } from '../shared/audit.ts';
import { recordCompanyEvents } from '../shared/company-events.ts';
import { recordRequestEvents } from './request-events.ts';

/** A step a request takes: a row of its history, an audit row and a company event. */
export interface RequestStep {
  request: Pick<Selectable<ErpRequestsTable>, 'id' | 'company_id' | 'kind' | 'subject_id' | 'subject_label'>;
  /** null for the system itself (the export job). */
  actor: Actor | null;
  /** The step in the request's history; audited as `erp_request.<type>`. */
  type: string;
  /** The status the step left; audited as `before` only when given. */
  from?: ErpRequestStatus;
  /** The status the step enters. */
  to: ErpRequestStatus;
  /** The history row's detail. */
  detail?: unknown;
  /** What the audit row's `after` holds besides the request id and the status. */
  audited?: Record<string, unknown>;
  /** The audit row's comment (a rejection's). */
  comment?: string;
  /** The company event that reports the step. */
  event: Exclude<CompanyEventType, 'sync.finished'>;
  at: Date;
}

/**
 * Records steps of requests in the caller's transaction, so they commit with the change they record.
 * The three writes are issued together: on a pipelined transaction they travel together.
 */
export async function recordRequestSteps(
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  steps: readonly RequestStep[],
): Promise<void> {
  await together([
    recordRequestEvents(
      trx,
      steps.map(({ request, actor, type, detail, at }) => ({
        requestId: request.id,
        actor,
        type,
        detail,
        at,
      })),
    ),
    recordAudits(
      trx,
      steps.map(({ request, actor, type, from, to, audited, comment, at }) => ({
        companyId: request.company_id,
        actor,
        action: `erp_request.${type}`,
        subjectType: request.kind,
        subjectId: request.subject_id,
        before: from === undefined ? undefined : { requestId: request.id, status: from },
        after: { requestId: request.id, status: to, ...audited },
        comment,
        at,
      })),
    ),
    recordCompanyEvents(
      trx,
      ctx,
      steps.map(({ request, to, event, at }) => ({
        companyId: request.company_id,
        type: event,
        data: requestEventData(request, to),
        at,
      })),
    ),
  ]);
}

/** One step of a request (see recordRequestSteps). */
export const recordRequestStep = (
  trx: Kysely<DB>,
  ctx: Pick<WorkflowContext, 'queue'>,
  step: RequestStep,
): Promise<void> => recordRequestSteps(trx, ctx, [step]);
