import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';

export interface AuditEntry {
  companyId: string;
  /** null for the system itself (the scheduler, an ERP sync). */
  actor: Actor | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  comment?: string;
  at: Date;
}

/** Writes the audit rows through the caller's transaction, so they commit with the changes they record. */
export async function recordAudits(trx: Kysely<DB>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('audit_events')
    .values(
      entries.map((entry) => ({
        id: newId(),
        company_id: entry.companyId,
        actor_id: entry.actor?.userId ?? null,
        actor_label: entry.actor?.email ?? 'system',
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        before: entry.before === undefined ? null : toJson(entry.before),
        after: entry.after === undefined ? null : toJson(entry.after),
        comment: entry.comment ?? null,
        at: entry.at.toISOString(),
      })),
    )
    .execute();
}

/** Writes the audit row through the caller's transaction, so it commits with the change it records. */
export const recordAudit = (trx: Kysely<DB>, entry: AuditEntry): Promise<void> => recordAudits(trx, [entry]);
