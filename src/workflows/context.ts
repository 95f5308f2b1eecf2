import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';

/** The ports every workflow receives; nothing is imported as a singleton. */
export interface WorkflowContext {
  database: Database;
  queue: JobQueue;
  clock: Clock;
  secrets: SecretBox;
}
