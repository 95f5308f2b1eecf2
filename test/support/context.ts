import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { type Clock, systemClock } from '../../src/domain/clock.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { createWorkflowContext, type WorkflowContext } from '../../src/workflows/context.ts';

/** The real ports on a test database: its queue adapter, a fresh secret key, the system clock by default. */
export function testContext(database: Database, clock: Clock = systemClock): WorkflowContext {
  return createWorkflowContext({
    database,
    queue: createJobQueue(database),
    clock,
    secrets: createSecretBox(randomBytes(32)),
  });
}
