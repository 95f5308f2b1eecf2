import type { Database } from '../db/database.ts';
import type { Clock } from '../domain/clock.ts';
import { createErpConnectors, type ErpConnectors } from '../erp/registry.ts';
import { type AgentHub, createAgentHub } from '../erp/sage300/hub/agent-hub.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { createLoggingMailer, type Mailer } from '../notify/mailer.ts';
import { createOutboundPolicy, type OutboundPolicy } from '../security/outbound-policy.ts';
import type { SecretBox } from '../security/secret-box.ts';

/** The ports every workflow receives; nothing is imported as a singleton. */
export interface WorkflowContext {
  database: Database;
  queue: JobQueue;
  clock: Clock;
  secrets: SecretBox;
  erp: ErpConnectors;
  /** The Sage agents' hub: their channels on this process, and the commands run through them. */
  agents: AgentHub;
  /** Delivers the mail outbox (SMTP, or a log line without SMTP_URL). */
  mailer: Mailer;
  /** Where the web app is reached (PUBLIC_URL, no trailing slash): the base of links in emails. */
  publicUrl: string;
  /** Where server-initiated calls to users' URLs (webhooks, ERP servers) may go, and their caps. */
  outbound: OutboundPolicy;
}

export type WorkflowContextParts = Omit<
  WorkflowContext,
  'erp' | 'agents' | 'mailer' | 'publicUrl' | 'outbound'
> &
  Partial<Pick<WorkflowContext, 'mailer' | 'publicUrl' | 'outbound'>> & {
    /** How long a Sage agent command may take (default 60 s). */
    agentCommandTimeoutMs?: number;
  };

/**
 * The context from its parts; the ERP connectors are built from the stored connections. Without a
 * mailer, mail is only marked `logged` (tests, benchmarks); without a public URL, links point at the
 * default local address; without an outbound policy, the strict one (no private webhooks, no ERP on
 * loopback).
 */
export function createWorkflowContext(parts: WorkflowContextParts): WorkflowContext {
  const { agentCommandTimeoutMs, ...ports } = parts;
  const agents = createAgentHub(parts.database.db, parts.clock);
  const outbound = parts.outbound ?? createOutboundPolicy();
  return {
    ...ports,
    mailer: parts.mailer ?? createLoggingMailer(),
    publicUrl: (parts.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/$/, ''),
    outbound,
    agents,
    erp: createErpConnectors(
      parts.database.db,
      parts.secrets,
      { hub: agents, timeoutMs: agentCommandTimeoutMs },
      outbound.erp,
    ),
  };
}
