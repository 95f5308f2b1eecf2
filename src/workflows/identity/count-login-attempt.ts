import { sql } from 'kysely';
import { hashToken } from '../../security/tokens.ts';
import type { WorkflowContext } from '../context.ts';

export interface CountedAttempt {
  /** Attempts in the key's current window, this one included. */
  attempts: number;
  /** Until the window ends. */
  resetsInMs: number;
}

/**
 * Counts one sign-in attempt against each key in the database, where every API process counts (a fixed
 * window per key, counted in one statement, so concurrent attempts cannot both read the same count).
 * Keys are stored hashed: which e-mails and addresses tried is nobody's business once the window ends.
 */
export async function countLoginAttempt(
  ctx: Pick<WorkflowContext, 'database' | 'clock'>,
  keys: readonly string[],
  windowMs: number,
): Promise<CountedAttempt[]> {
  const { db } = ctx.database;
  const now = ctx.clock.now().getTime();
  const ended = now - windowMs;
  await db.deleteFrom('login_attempts').where('window_started_ms', '<=', ended).execute();
  // A window may end between the delete and the insert: an ended one starts again there.
  const expired = sql<boolean>`login_attempts.window_started_ms <= ${ended}`;
  const counted: CountedAttempt[] = [];
  for (const key of keys) {
    const row = await db
      .insertInto('login_attempts')
      .values({ key: hashToken(key), window_started_ms: now, attempts: 1 })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          attempts: sql`case when ${expired} then 1 else login_attempts.attempts + 1 end`,
          window_started_ms: sql`case when ${expired} then ${now} else login_attempts.window_started_ms end`,
        }),
      )
      .returning(['attempts', 'window_started_ms'])
      .executeTakeFirstOrThrow();
    counted.push({ attempts: row.attempts, resetsInMs: row.window_started_ms + windowMs - now });
  }
  return counted;
}
