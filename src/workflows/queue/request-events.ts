import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { toJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';

export interface RequestEvent {
  requestId: string;
  actor: Actor | null;
  type: string;
  detail?: unknown;
  at: Date;
}

/** Steps of requests' histories (their timelines), written in the transaction of the steps themselves. */
export async function recordRequestEvents(trx: Kysely<DB>, events: readonly RequestEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('erp_request_events')
    .values(
      events.map((event) => ({
        id: newId(),
        request_id: event.requestId,
        at: event.at.toISOString(),
        actor_id: event.actor?.userId ?? null,
        actor_label: event.actor?.email ?? 'system',
        type: event.type,
        detail: event.detail === undefined ? null : toJson(event.detail),
      })),
    )
    .execute();
}

/** One step of a request's history, written in the transaction of the step itself. */
export const recordRequestEvent = (trx: Kysely<DB>, event: RequestEvent): Promise<void> =>
  recordRequestEvents(trx, [event]);
