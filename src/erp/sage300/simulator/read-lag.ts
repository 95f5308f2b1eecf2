/**
 * The `readLagMs` fault: rows written less than that long ago are invisible to table reads, as when
 * Sage's data reaches the reader late (sage300-notes.md §6 item 6). Stamps grow with time, so the
 * visible part of the company is every row up to one stamp, and reads answer that stamp: a client that
 * reads `since` it later still gets the rows that were hidden.
 */
export class ReadLag {
  readonly #writes: { stamp: number; at: number }[] = [];

  record(stamp: number, at: number): void {
    this.#writes.push({ stamp, at });
    // Enough history for any lag a test sets; older writes are long visible.
    if (this.#writes.length > 10_000) this.#writes.splice(0, 5_000);
  }

  /** The newest stamp a read at `now` may see. */
  visibleStamp(newest: number, now: number, lagMs: number): number {
    if (lagMs <= 0) return newest;
    let visible = newest;
    for (let index = this.#writes.length - 1; index >= 0; index--) {
      const write = this.#writes[index];
      if (!write || write.at <= now - lagMs) break;
      visible = write.stamp - 1;
    }
    return visible;
  }
}
