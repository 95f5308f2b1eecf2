import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';

/** One step of a request's history (its timeline), written in the transaction of the step itself. */
export async function recordRequestEvent(
  trx: Kysely<DB>,
  event: { requestId: string; actor: Actor | null; type: string; detail?: unknown; at: Date },
): Promise<void> {
  await trx
    .insertInto('erp_request_events')
    .values({
      id: newId(),
      request_id: event.requestId,
      at: event.at.toISOString(),
      actor_id: event.actor?.userId ?? null,
      actor_label: event.actor?.email ?? 'system',
      type: event.type,
      detail: event.detail === undefined ? null : toJson(event.detail),
    })
    .execute();
}
