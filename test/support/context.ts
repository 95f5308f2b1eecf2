import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { type Clock, systemClock } from '../../src/domain/clock.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import type { QueueOptions } from '../../src/jobs/queue.ts';
import type { Mailer } from '../../src/notify/mailer.ts';
import { createOutboundPolicy, type OutboundPolicy } from '../../src/security/outbound-policy.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { createWorkflowContext, type WorkflowContext } from '../../src/workflows/context.ts';

/** The simulators and receivers of tests listen on loopback: the policy allows it for both kinds of call. */
export const testOutbound = createOutboundPolicy({ allowPrivateWebhooks: true, allowErpLoopback: true });

/** Retries within a few hundred milliseconds (outage and retry tests take seconds, not minutes). */
export const fastQueue: QueueOptions = { backoff: { baseMs: 50, capMs: 300 }, pollIntervalMs: 25 };

export interface TestContextOptions {
  /** Queue tuning, e.g. a short backoff for retry tests. */
  queue?: QueueOptions;
  /** Default: mail is only marked `logged`. */
  mailer?: Mailer;
  publicUrl?: string;
  /** Default: {@link testOutbound}. */
  outbound?: OutboundPolicy;
  /** Default: a fresh one. Give it when another process (a spawned worker) must open the same secrets. */
  secretKey?: Buffer;
}

/** The real ports on a test database: its queue adapter, a fresh secret key, the system clock by default. */
export function testContext(
  database: Database,
  clock: Clock = systemClock,
  options: TestContextOptions = {},
): WorkflowContext {
  return createWorkflowContext({
    database,
    queue: createJobQueue(database, options.queue),
    clock,
    secrets: createSecretBox(options.secretKey ?? randomBytes(32)),
    mailer: options.mailer,
    publicUrl: options.publicUrl ?? 'https://ledgergate.test',
    outbound: options.outbound ?? testOutbound,
  });
}

/**
 * A write limit for worlds that drive hundreds of requests a minute through a few users (models, load):
 * the limit has its own tests (test/http/limits.test.ts) and would only get in their way.
 */
export const loadTestWrites = 1_000_000_000;
