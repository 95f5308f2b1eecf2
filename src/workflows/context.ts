import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';
import { createErpConnectors, type ErpConnectors } from '../erp/registry.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';

/** The ports every workflow receives; nothing is imported as a singleton. */
export interface WorkflowContext {
  database: Database;
  queue: JobQueue;
  clock: Clock;
  secrets: SecretBox;
  erp: ErpConnectors;
}

/** The context from its parts; the ERP connectors are built from the stored connections. */
export function createWorkflowContext(parts: Omit<WorkflowContext, 'erp'>): WorkflowContext {
  return { ...parts, erp: createErpConnectors(parts.database.db, parts.secrets) };
}
