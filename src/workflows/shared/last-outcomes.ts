import type { Kysely } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { ErpRequestKind } from '../../domain/lifecycle.ts';

/** The steps that end an export or a request: what a record's ERP panel reports as its last outcome. */
const outcomeSteps = ['synced', 'failed', 'rejected', 'retrieved'] as const;
/** The steps that start an export: their approver is who a sync or a failure is credited to. */
const exportStarts = ['accepted', 'updated', 'retried'];

export interface LastOutcome {
  status: (typeof outcomeSteps)[number];
  /** The approver's comment (rejected) or the ERP's message (failed). */
  comment?: string;
  /** Who decided it: the approver who rejected, the sender who retrieved, the approver whose accept synced or failed. */
  by: { id: string; name: string; email: string };
  at: string;
}

/**
 * The last outcome of each record's requests (A9), in one query whatever the number of records (lists).
 * Records none of whose requests ended yet are absent from the map.
 */
export async function lastOutcomesFor(
  db: Kysely<DB>,
  kind: ErpRequestKind,
  subjectIds: string[],
): Promise<Map<string, LastOutcome>> {
  if (subjectIds.length === 0) return new Map();
  const steps = await db
    .selectFrom('erp_request_events as e')
    .innerJoin('erp_requests as r', 'r.id', 'e.request_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.request_id', 'e.type', 'e.at', 'e.detail', 'e.actor_id', 'u.name', 'u.email', 'r.subject_id'])
    .where('r.kind', '=', kind)
    .where('r.subject_id', 'in', subjectIds)
    .where('e.type', 'in', [...outcomeSteps, ...exportStarts])
    .orderBy('e.id', 'desc')
    .execute();
  const outcomes = new Map<string, LastOutcome>();
  // Newest first: a subject's first outcome is its last; a system outcome (synced, failed) is credited to
  // the approver of the export start that comes after it in this order, on the same request.
  const uncredited = new Map<string, { subjectId: string; outcome: Omit<LastOutcome, 'by'> }>();
  const decided = new Set<string>();
  for (const step of steps) {
    const by = personOf(step);
    const pending = uncredited.get(step.request_id);
    if (pending && by && exportStarts.includes(step.type)) {
      outcomes.set(pending.subjectId, { ...pending.outcome, by });
      uncredited.delete(step.request_id);
      continue;
    }
    if (decided.has(step.subject_id) || !isOutcome(step.type)) continue;
    decided.add(step.subject_id);
    const comment = commentOf(step.detail);
    const outcome = { status: step.type, ...(comment !== undefined && { comment }), at: step.at };
    if (by) outcomes.set(step.subject_id, { ...outcome, by });
    else uncredited.set(step.request_id, { subjectId: step.subject_id, outcome });
  }
  return outcomes;
}

const isOutcome = (type: string): type is LastOutcome['status'] =>
  (outcomeSteps as readonly string[]).includes(type);

function personOf(step: { actor_id: string | null; name: string | null; email: string | null }) {
  const { actor_id: id, name, email } = step;
  return id !== null && name !== null && email !== null ? { id, name, email } : undefined;
}

function commentOf(detail: string | null): string | undefined {
  const value = fromJson<{ comment?: unknown; message?: unknown }>(detail);
  const text = value?.comment ?? value?.message;
  return typeof text === 'string' ? text : undefined;
}
