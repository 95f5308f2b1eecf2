/**
 * SDX GUIDs: a client groups a batch of calls under a GUID of its choosing. A GUID idle for longer than
 * the timeout is aborted with `Time out has occurred` and forgotten, so the client must start a new one.
 */
export class GuidSessions {
  /** By last call, oldest first: a GUID is taken out and put back at the end on every call. */
  readonly #lastSeen = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly timeoutMs: () => number,
  ) {}

  /** Records a call under the GUID; false when the GUID had idled out (it is forgotten then). */
  touch(guid: string): boolean {
    const now = this.now();
    const lastSeen = this.#lastSeen.get(guid);
    if (lastSeen !== undefined) {
      this.#lastSeen.delete(guid);
      if (now - lastSeen > this.timeoutMs()) return false;
    }
    this.#lastSeen.set(guid, now);
    this.#forgetIdle(now);
    return true;
  }

  /**
   * Keeps a long-running simulator's memory bounded (every batch brings a new GUID) at a constant cost
   * per call: only the oldest GUIDs are looked at. Forgetting a GUID only after ten timeouts of silence
   * leaves the "idle → time out" answer intact for any realistic retry.
   */
  #forgetIdle(now: number): void {
    for (const [guid, lastSeen] of this.#lastSeen) {
      if (now - lastSeen <= 10 * this.timeoutMs()) return;
      this.#lastSeen.delete(guid);
    }
  }
}
