import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type CompanyEventTail,
  companyEventTail,
  idFloor,
  type TailedEvent,
} from '../workflows/notify/company-event-tail.ts';

type Listener = (events: TailedEvent[]) => void;

interface Feed {
  listeners: Set<Listener>;
  /** When the first stream subscribed: the tail starts there, whenever its first read succeeds. */
  since: string;
  tail: CompanyEventTail | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One tail of a company's events for all the live streams this process serves for it: a poll every
 * `pollMs` while at least one stream listens, whatever their number. (A tail per stream cost every open
 * stream its own queries four times a second, idle or not.)
 */
export class CompanyEventFeeds {
  readonly #db: Kysely<DB>;
  readonly #pollMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #feeds = new Map<string, Feed>();

  constructor(db: Kysely<DB>, pollMs: number, onError: (error: unknown) => void) {
    this.#db = db;
    this.#pollMs = pollMs;
    this.#onError = onError;
  }

  /**
   * Calls `listener` with each batch of the company's events the feed reads from now on; the answer stops
   * it. A stream resuming after an event reads what it missed itself, after subscribing, so nothing falls
   * between the two (it may get an event twice, and drops the second).
   */
  subscribe(companyId: string, listener: Listener): () => void {
    let feed = this.#feeds.get(companyId);
    if (!feed) {
      feed = { listeners: new Set(), since: idFloor(Date.now()), tail: undefined, timer: undefined };
      this.#feeds.set(companyId, feed);
      this.#schedule(companyId, feed);
    }
    feed.listeners.add(listener);
    return () => {
      feed.listeners.delete(listener);
      if (feed.listeners.size > 0) return;
      clearTimeout(feed.timer);
      this.#feeds.delete(companyId);
    };
  }

  /** Stops every feed (the server is closing; its streams are ended). */
  close(): void {
    for (const feed of this.#feeds.values()) clearTimeout(feed.timer);
    this.#feeds.clear();
  }

  #schedule(companyId: string, feed: Feed): void {
    feed.timer = setTimeout(async () => {
      try {
        feed.tail ??= await companyEventTail(this.#db, companyId, { after: feed.since });
        const events = await feed.tail.poll();
        if (events.length > 0) for (const listener of feed.listeners) listener(events);
      } catch (error) {
        this.#onError(error);
      }
      if (this.#feeds.get(companyId) === feed) this.#schedule(companyId, feed);
    }, this.#pollMs);
  }
}
