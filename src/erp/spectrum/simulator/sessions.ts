/** What a call under a GUID meets: a live (or new) session, an idled-out one, or another ID's. */
export type SessionOutcome = 'ok' | 'timed-out' | 'in-use';

interface Session {
  authorizationId: string;
  lastSeen: number;
}

/**
 * SDX GUID sessions (spectrum-sdx §1; brief §2): a client groups a batch of calls to one method under
 * a GUID of its choosing. A session is keyed by method + Authorization_ID + GUID and idles out after
 * the timeout (24 h by default): the next call under it is aborted with `Time out has occurred` and the
 * GUID forgotten, so a new call with it starts afresh. While a session lives, the same GUID with the
 * same method under another Authorization ID is refused; with another method it is a session of its own.
 */
export class GuidSessions {
  /** By method + GUID (one live Authorization ID each), least recently used first. */
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    private readonly timeoutMs: () => number,
  ) {}

  touch(method: string, authorizationId: string, guid: string): SessionOutcome {
    const now = this.now();
    const key = `${method}\u0000${guid}`;
    const session = this.#sessions.get(key);
    if (session) {
      const alive = now - session.lastSeen <= this.timeoutMs();
      if (session.authorizationId !== authorizationId && alive) return 'in-use';
      this.#sessions.delete(key);
      if (session.authorizationId === authorizationId && !alive) return 'timed-out';
    }
    this.#sessions.set(key, { authorizationId, lastSeen: now });
    this.#forgetIdle(now);
    return 'ok';
  }

  /**
   * Keeps a long-running simulator's memory bounded (every batch brings a new GUID) at a constant cost
   * per call: only the least recently used sessions are looked at. Forgetting one only after ten
   * timeouts of silence leaves the "idle → time out" answer intact for any realistic retry.
   */
  #forgetIdle(now: number): void {
    for (const [key, session] of this.#sessions) {
      if (now - session.lastSeen <= 10 * this.timeoutMs()) return;
      this.#sessions.delete(key);
    }
  }
}
