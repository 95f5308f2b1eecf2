import type { Kysely } from 'kysely';
import { fromJson } from '../../db/json.ts';
import { splitPage } from '../../db/paging.ts';
import type { DB } from '../../db/schema.ts';
import { containsIgnoringCase } from '../../db/text-match.ts';
import { notFound } from '../../domain/errors.ts';
import type { ErpRequestKind, ErpRequestStatus } from '../../domain/lifecycle.ts';
import type { PreflightResult } from '../../domain/preflight.ts';

export interface ErpRequestSummary {
  id: string;
  kind: ErpRequestKind;
  status: ErpRequestStatus;
  version: number;
  subject: { id: string; label: string };
  sender: { id: string; email: string };
  sentAt: string;
  updatedAt: string;
  attempts: number;
  /** Since when an `exporting` request waits for an ERP that is not connected; it may then be rejected or retrieved. */
  waitingSince: string | null;
  preflight: PreflightResult;
}

export interface ErpRequestDetail extends ErpRequestSummary {
  snapshot: unknown;
  requestedUpdates: unknown;
  acceptOptions: Record<string, unknown> | null;
  error: { message: string; field?: string; erpCode?: string } | null;
  result: { erpIds: Record<string, string> } | null;
  history: { at: string; actor: { id: string | null; label: string }; type: string; detail?: unknown }[];
}

/** What a summary shows: a page of the queue never reads snapshots (a budget's may hold thousands of lines). */
const summaryColumns = [
  'erp_requests.id',
  'erp_requests.kind',
  'erp_requests.status',
  'erp_requests.version',
  'erp_requests.subject_id',
  'erp_requests.subject_label',
  'erp_requests.sender_id',
  'erp_requests.sent_at',
  'erp_requests.updated_at',
  'erp_requests.attempts',
  'erp_requests.waiting_since',
  'erp_requests.preflight',
  'users.email as sender_email',
] as const;

function requestsQuery(db: Kysely<DB>, companyId: string) {
  return db
    .selectFrom('erp_requests')
    .innerJoin('users', 'users.id', 'erp_requests.sender_id')
    .select(summaryColumns)
    .where('erp_requests.company_id', '=', companyId);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof requestsQuery>['executeTakeFirstOrThrow']>>;

const toSummary = (row: SummaryRow): ErpRequestSummary => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  version: row.version,
  subject: { id: row.subject_id, label: row.subject_label },
  sender: { id: row.sender_id, email: row.sender_email },
  sentAt: row.sent_at,
  updatedAt: row.updated_at,
  attempts: row.attempts,
  waitingSince: row.waiting_since,
  preflight: fromJson<PreflightResult>(row.preflight),
});

export interface ListErpRequestsProps {
  companyId: string;
  /** Any of these statuses (e.g. Needs action: ready_to_export, ready_to_update, failed). */
  status?: ErpRequestStatus[];
  kind?: ErpRequestKind[];
  /** Part of the subject's label or of the sender's email, in any case. */
  q?: string;
  senderId?: string;
  subjectId?: string;
  limit: number;
  cursor?: string;
}

/** The ERP Integrations queue, oldest first (the order approvers work in), paged by id. */
export async function listErpRequests(db: Kysely<DB>, props: ListErpRequestsProps) {
  let query = requestsQuery(db, props.companyId)
    .orderBy('erp_requests.id')
    .limit(props.limit + 1);
  if (props.status) query = query.where('erp_requests.status', 'in', props.status);
  if (props.kind) query = query.where('erp_requests.kind', 'in', props.kind);
  const q = props.q?.trim();
  if (q) query = query.where(containsIgnoringCase(['erp_requests.subject_label', 'users.email'], q));
  if (props.senderId) query = query.where('erp_requests.sender_id', '=', props.senderId);
  if (props.subjectId) query = query.where('erp_requests.subject_id', '=', props.subjectId);
  if (props.cursor) query = query.where('erp_requests.id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = splitPage(rows, props.limit, (row) => row.id);
  return {
    items: page.map(toSummary),
    nextCursor,
  };
}

export async function getErpRequest(
  db: Kysely<DB>,
  companyId: string,
  requestId: string,
): Promise<ErpRequestDetail> {
  const row = await requestsQuery(db, companyId)
    .selectAll('erp_requests')
    .where('erp_requests.id', '=', requestId)
    .executeTakeFirst();
  if (!row) throw notFound('ERP request');
  const events = await db
    .selectFrom('erp_request_events')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return {
    ...toSummary(row),
    snapshot: fromJson(row.snapshot),
    requestedUpdates: fromJson(row.requested_updates),
    acceptOptions: fromJson(row.accept_options),
    error: fromJson(row.error),
    result: fromJson(row.result),
    history: events.map((e) => ({
      at: e.at,
      actor: { id: e.actor_id, label: e.actor_label },
      type: e.type,
      ...(e.detail !== null && { detail: fromJson(e.detail) }),
    })),
  };
}
