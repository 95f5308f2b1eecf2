import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalidState } from '../../domain/errors.ts';
import type { ErpRequestKind } from '../../domain/lifecycle.ts';
import { kindLabels, type OpenStatus, openStatuses } from '../../domain/lifecycle.ts';

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

/**
 * A record's ERP side as the API shows it: the status, what the ERP knows the record by (`keys`, once
 * linked) and the open request, if any.
 */
export function erpView<Keys extends object>(
  row: { synced_snapshot: string | null },
  open: OpenRequest | undefined,
  keys: Keys | undefined,
) {
  return {
    status: erpStatusOf(open, row.synced_snapshot !== null),
    ...keys,
    ...(open && { requestId: open.id }),
  };
}

/** How a record's ERP state is shown: its open request's status, else synced or not sent. */
export function erpStatusOf(
  open: OpenRequest | undefined,
  synced: boolean,
): OpenStatus | 'synced' | 'not_sent' {
  return open?.status ?? (synced ? 'synced' : 'not_sent');
}
