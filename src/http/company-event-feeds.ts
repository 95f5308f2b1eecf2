import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type CompanyEventTail,
  companyEventTail,
  eventPageSize,
  idFloor,
  type TailedEvent,
} from '../workflows/notify/company-event-tail.ts';

type Listener = (events: TailedEvent[]) => void;

interface Tailing {
  /** When it started: the tail reads from there, whenever its first read succeeds. */
  since: string;
  tail: CompanyEventTail | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One tail of every company's events for all the live streams this process serves: a poll every `pollMs`
 * while at least one stream listens, whatever the number of streams and companies, each company's events
 * handed to its own streams. (A tail per stream, then per company, cost each its own queries four times a
 * second, idle or not.)
 */
export class CompanyEventFeeds {
  readonly #db: Kysely<DB>;
  readonly #pollMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #listeners = new Map<string, Set<Listener>>();
  #tailing: Tailing | undefined;

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
    let listeners = this.#listeners.get(companyId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(companyId, listeners);
    }
    listeners.add(listener);
    if (!this.#tailing) {
      this.#tailing = { since: idFloor(Date.now()), tail: undefined, timer: undefined };
      this.#schedule(this.#tailing, this.#pollMs);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0) return;
      this.#listeners.delete(companyId);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /** Stops the tail (the server is closing, or no stream listens any more). */
  close(): void {
    clearTimeout(this.#tailing?.timer);
    this.#tailing = undefined;
    this.#listeners.clear();
  }

  #schedule(tailing: Tailing, delayMs: number): void {
    tailing.timer = setTimeout(async () => {
      let read = 0;
      try {
        tailing.tail ??= await companyEventTail(this.#db, { after: tailing.since });
        const events = await tailing.tail.poll();
        read = events.length;
        this.#dispatch(events);
      } catch (error) {
        this.#onError(error);
      }
      // A full page means more are waiting: read on at once.
      if (this.#tailing === tailing) this.#schedule(tailing, read >= eventPageSize ? 0 : this.#pollMs);
    }, delayMs);
  }

  #dispatch(events: TailedEvent[]): void {
    const byCompany = new Map<string, TailedEvent[]>();
    for (const event of events) {
      if (!this.#listeners.has(event.companyId)) continue;
      const own = byCompany.get(event.companyId);
      if (own) own.push(event);
      else byCompany.set(event.companyId, [event]);
    }
    for (const [companyId, own] of byCompany)
      for (const listener of this.#listeners.get(companyId) ?? []) listener(own);
  }
}
