import type { Kysely } from 'kysely';
import { fromJson } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import type { CompanyEventType } from '../../domain/company-events.ts';

export interface TailedEvent {
  id: string;
  companyId: string;
  type: string;
  at: string;
  data: unknown;
}

export interface CompanyEventTail {
  /** The events committed since the last poll, in id order (late ones first). */
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
 * Follows the event outbox of one company (`companyId`), or of every company, from `after` (an event id,
 * e.g. `Last-Event-ID`) or from now. Ids are UUIDv7, made when the event is written but visible when its
 * transaction commits, so an event may appear with an id below one already read; each poll therefore
 * also looks `lateEventWindowMs` back, and sends what it has not sent yet. Reading the table (not an
 * in-process bus) is what lets every server process serve every company's stream.
 */
export async function companyEventTail(
  db: Kysely<DB>,
  options: {
    companyId?: string;
    after?: string;
    now?: () => number;
    types?: readonly CompanyEventType[];
  } = {},
): Promise<CompanyEventTail> {
  const now = options.now ?? Date.now;
  const { companyId, types } = options;
  // The caller's selection of types (a project reader's); the events it leaves out are never sent.
  const events = () =>
    db
      .selectFrom('company_events')
      .$if(companyId !== undefined, (q) => q.where('company_id', '=', companyId ?? ''))
      .$if(types !== undefined, (q) => q.where('type', 'in', types ?? []));
  const columns = ['id', 'company_id', 'type', 'at', 'data'] as const;
  let cursor = options.after && isEventId(options.after) ? options.after : idFloor(now());
  /** The ids sent (or that happened before the start) from the look-back window up to the cursor. */
  const sent = new Set<string>();
  for (const { id } of await events()
    .select('id')
    .where('id', '>', idFloor(now() - lateEventWindowMs))
    .where('id', '<=', cursor)
    .execute())
    sent.add(id);

  const toEvent = (row: { id: string; company_id: string; type: string; at: string; data: string }) => ({
    id: row.id,
    companyId: row.company_id,
    type: row.type,
    at: row.at,
    data: fromJson(row.data),
  });

  /**
   * The events committed late within the window. Counting first: the window holds every event of the
   * last seconds (of every company, for a process's tail), which a poll four times a second should not
   * read back only to find that it sent them all.
   */
  async function lateEvents(floor: string) {
    for (const id of sent) if (id <= floor) sent.delete(id);
    const inWindow = () => events().where('id', '>', floor).where('id', '<=', cursor);
    const { count } = await inWindow()
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count) === sent.size) return [];
    const lateIds = (await inWindow().select('id').execute()).map((r) => r.id).filter((id) => !sent.has(id));
    if (lateIds.length === 0) return [];
    return events().select(columns).where('id', 'in', lateIds).orderBy('id').execute();
  }

  return {
    async poll() {
      const late = await lateEvents(idFloor(now() - lateEventWindowMs));
      const fresh = await events()
        .select(columns)
        .where('id', '>', cursor)
        .orderBy('id')
        .limit(eventPageSize)
        .execute();
      const read = [...late, ...fresh].map(toEvent);
      for (const event of read) {
        sent.add(event.id);
        if (event.id > cursor) cursor = event.id;
      }
      return read;
    },
  };
}
