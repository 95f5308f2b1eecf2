import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalidState } from '../../domain/errors.ts';
import type { ErpRequestKind } from '../../domain/lifecycle.ts';
import { kindLabels, type OpenStatus, openStatuses } from '../../domain/lifecycle.ts';
import { type LastOutcome, lastOutcomesFor } from './last-outcomes.ts';

export interface OpenRequest {
  id: string;
  status: OpenStatus;
}

/** The record's open request, if any (there is at most one: a unique index guarantees it). */
export async function openRequestFor(
  db: Kysely<DB>,
  kind: ErpRequestKind,
  subjectId: string,
): Promise<OpenRequest | undefined> {
  const row = await db
    .selectFrom('erp_requests')
    .select(['id', 'status'])
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('status', 'in', openStatuses)
    .executeTakeFirst();
  return row as OpenRequest | undefined;
}

/**
 * The open request of each record, in one query whatever the number of records (lists). Records with
 * none are absent from the map.
 */
export async function openRequestsFor(
  db: Kysely<DB>,
  kind: ErpRequestKind,
  subjectIds: string[],
): Promise<Map<string, OpenRequest>> {
  if (subjectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('erp_requests')
    .select(['id', 'status', 'subject_id'])
    .where('kind', '=', kind)
    .where('subject_id', 'in', subjectIds)
    .where('status', 'in', openStatuses)
    .execute();
  return new Map(rows.map((r) => [r.subject_id, { id: r.id, status: r.status } as OpenRequest]));
}

/** A record waiting for (or in) the ERP export is locked: edits answer 409 invalid_state. */
export async function assertNotAwaitingErp(
  db: Kysely<DB>,
  kind: ErpRequestKind,
  subjectId: string,
): Promise<void> {
  const open = await openRequestFor(db, kind, subjectId);
  if (open) {
    throw invalidState(
      `${kindLabels[kind]} is locked while its ERP request is ${open.status.replaceAll('_', ' ')}` +
        (open.status.startsWith('ready') ? ': retrieve it from the ERP queue to edit it' : ''),
    );
  }
}

/** What a record's ERP side shows of its requests: the open one and how the last one ended. */
export interface RecordRequests {
  open?: OpenRequest | undefined;
  lastOutcome?: LastOutcome | undefined;
}

/** The open request and the last outcome of each record, in two queries whatever the number of records. */
export async function recordRequestsFor(
  db: Kysely<DB>,
  kind: ErpRequestKind,
  subjectIds: string[],
): Promise<(subjectId: string) => RecordRequests> {
  const [open, outcomes] = await Promise.all([
    openRequestsFor(db, kind, subjectIds),
    lastOutcomesFor(db, kind, subjectIds),
  ]);
  return (subjectId) => ({ open: open.get(subjectId), lastOutcome: outcomes.get(subjectId) });
}

/**
 * A record's ERP side as the API shows it: the status, what the ERP knows the record by (`keys`, once
 * linked), the open request and the last outcome, if any.
 */
export function erpView<Keys extends object>(
  row: { synced_snapshot: string | null },
  { open, lastOutcome }: RecordRequests,
  keys: Keys | undefined,
) {
  return {
    status: erpStatusOf(open, row.synced_snapshot !== null),
    ...keys,
    ...(open && { requestId: open.id }),
    ...(lastOutcome && { lastOutcome }),
  };
}

/** How a record's ERP state is shown: its open request's status, else synced or not sent. */
export function erpStatusOf(
  open: OpenRequest | undefined,
  synced: boolean,
): OpenStatus | 'synced' | 'not_sent' {
  return open?.status ?? (synced ? 'synced' : 'not_sent');
}

/**
 * The values of a record list's `erpStatus` filter: what the record's `erp.status` reads (not sent, its
 * open request's status, synced) and, for a record with no open request, how its last request ended
 * (rejected, retrieved); such a record's `erp.status` reads not_sent or synced.
 */
export const erpStatusFilters = ['not_sent', ...openStatuses, 'synced', 'rejected', 'retrieved'] as const;
export type ErpStatusFilter = (typeof erpStatusFilters)[number];

/**
 * True for the rows of `table` (projects, vendors: records with an `id` and a `synced_snapshot`) whose
 * ERP status, as {@link erpStatusOf} computes it, is any of `statuses` (see {@link erpStatusFilters}).
 */
export function erpStatusIn(
  db: Kysely<DB>,
  kind: ErpRequestKind,
  table: 'projects' | 'vendors',
  statuses: readonly ErpStatusFilter[],
): Expression<SqlBool> {
  const requests = db
    .selectFrom('erp_requests')
    .where('erp_requests.kind', '=', kind)
    .where('erp_requests.subject_id', '=', sql.ref<string>(`${table}.id`));
  const synced = sql.ref(`${table}.synced_snapshot`);
  const hasOpen = sql<SqlBool>`exists ${requests.select('erp_requests.id').where('erp_requests.status', 'in', openStatuses)}`;
  const one = (status: ErpStatusFilter) => {
    switch (status) {
      case 'not_sent':
        return sql`(${synced} is null and not ${hasOpen})`;
      case 'synced':
        return sql`(${synced} is not null and not ${hasOpen})`;
      // The last request is the open one when there is one (a record has at most one open, the newest).
      case 'rejected':
      case 'retrieved':
        return sql`${requests.select('erp_requests.status').orderBy('erp_requests.id', 'desc').limit(1)} = ${status}`;
      default:
        return sql`exists ${requests.select('erp_requests.id').where('erp_requests.status', '=', status)}`;
    }
  };
  return sql<SqlBool>`(${sql.join(statuses.map(one), sql` or `)})`;
}
