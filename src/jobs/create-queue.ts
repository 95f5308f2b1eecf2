import type { Database } from '../db/database.ts';
import { PostgresJobQueue } from './postgres-queue.ts';
import type { JobQueue, QueueOptions } from './queue.ts';
import { SqliteJobQueue } from './sqlite-queue.ts';

/** The one place that picks the queue adapter for a database. */
export function createJobQueue(database: Database, options: QueueOptions = {}): JobQueue {
  switch (database.caps.dialect) {
    case 'sqlite':
      return new SqliteJobQueue(database.db, options);
    case 'postgres':
      return new PostgresJobQueue(database.db, database.url, options);
  }
}
