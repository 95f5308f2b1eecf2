import { AppError } from '../domain/errors.ts';

interface Stream {
  /** The session cookie it was opened with; none for an API token. */
  session: string | undefined;
  end(): void;
}

/**
 * The live event streams this process holds open, by user: at most `perUser` each (a 429 beyond), and
 * ended at once when their session logs out here. (A logout on another process reaches them at their
 * next re-check of the session.)
 */
export class LiveStreams {
  readonly #byUser = new Map<string, Set<Stream>>();
  readonly #perUser: number;

  constructor(perUser = 10) {
    this.#perUser = perUser;
  }

  /** Registers a stream; the answer forgets it (call it when the stream ends). */
  open(userId: string, session: string | undefined, end: () => void): () => void {
    const streams = this.#byUser.get(userId) ?? new Set<Stream>();
    if (streams.size >= this.#perUser)
      throw new AppError(
        'rate_limited',
        `At most ${this.#perUser} live event streams per user are open at once; close one first`,
      );
    const stream = { session, end };
    streams.add(stream);
    this.#byUser.set(userId, streams);
    return () => {
      streams.delete(stream);
      if (streams.size === 0 && this.#byUser.get(userId) === streams) this.#byUser.delete(userId);
    };
  }

  endSession(session: string): void {
    for (const streams of this.#byUser.values())
      for (const stream of [...streams]) if (stream.session === session) stream.end();
  }

  endAll(): void {
    for (const streams of [...this.#byUser.values()]) for (const stream of [...streams]) stream.end();
  }
}
