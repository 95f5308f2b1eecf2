import type { Kysely } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { CompanyEventType } from '../../domain/company-events.ts';

export interface TailedEvent {
  id: string;
  type: string;
  at: string;
  data: unknown;
}

export interface CompanyEventTail {
  /** The company's events committed since the last poll, in id order. */
  poll(): Promise<TailedEvent[]>;
}

/** How far back each poll looks for events committed late (a long transaction, another node). */
export const lateEventWindowMs = 10_000;
/** The most new events one poll answers (late ones come on top). */
export const eventPageSize = 500;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The smallest UUIDv7 of an instant: every id made at or after it sorts after this string. */
export function idFloor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

export const isEventId = (value: string): boolean => uuidPattern.test(value);

/**
 * Follows a company's event outbox from `after` (an event id, e.g. `Last-Event-ID`) or from now. Ids
 * are UUIDv7, made when the event is written but visible when its transaction commits, so an event may
 * appear with an id below one already read; each poll therefore also looks `lateEventWindowMs` back and
 * sends what it has not sent yet. Reading the table (not an in-process bus) is what lets every server
 * process serve every company's stream.
 */
export async function companyEventTail(
  db: Kysely<DB>,
  companyId: string,
  options: { after?: string; now?: () => number; types?: readonly CompanyEventType[] } = {},
): Promise<CompanyEventTail> {
  const now = options.now ?? Date.now;
  const { types } = options;
  // The caller's selection of types (a project reader's); the events it leaves out are never sent.
  const ownEvents = () =>
    db
      .selectFrom('company_events')
      .where('company_id', '=', companyId)
      .$if(types !== undefined, (q) => q.where('type', 'in', types ?? []));
  let cursor = options.after && isEventId(options.after) ? options.after : idFloor(now());
  const sent = new Set<string>();
  // What lies in the look-back window below the start was sent before (or happened before): never resent.
  const existing = await ownEvents()
    .select('id')
    .where('id', '>', idFloor(now() - lateEventWindowMs))
    .where('id', '<=', cursor)
    .execute();
  for (const { id } of existing) sent.add(id);

  const toEvent = (row: { id: string; type: string; at: string; data: string }): TailedEvent => ({
    id: row.id,
    type: row.type,
    at: row.at,
    data: fromJson(row.data),
  });

  return {
    async poll() {
      const floor = idFloor(now() - lateEventWindowMs);
      const fresh = await ownEvents()
        .select(['id', 'type', 'at', 'data'])
        .where('id', '>', cursor)
        .orderBy('id')
        .limit(eventPageSize)
        .execute();
      const lateIds = (
        await ownEvents().select('id').where('id', '>', floor).where('id', '<=', cursor).execute()
      )
        .map((r) => r.id)
        .filter((id) => !sent.has(id));
      const late =
        lateIds.length === 0
          ? []
          : await ownEvents()
              .select(['id', 'type', 'at', 'data'])
              .where('id', 'in', lateIds)
              .orderBy('id')
              .execute();
      const events = [...late, ...fresh].map(toEvent);
      for (const event of events) {
        sent.add(event.id);
        if (event.id > cursor) cursor = event.id;
      }
      for (const id of sent) if (id <= floor) sent.delete(id);
      return events;
    },
  };
}
