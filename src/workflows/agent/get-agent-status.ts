import { type AgentStatus, readAgentStatus } from '../../erp/sage300/hub/agent-presence.ts';
import type { WorkflowContext } from '../context.ts';
import { loadCompany } from '../shared/companies.ts';

/** The company's Sage agent as ERP admins see it (ERP.md §3): paired or not, online, what Sage says. */
export async function getAgentStatus(ctx: WorkflowContext, companyId: string): Promise<AgentStatus> {
  await loadCompany(ctx.database.db, companyId);
  return readAgentStatus(ctx.database.db, companyId, ctx.clock.now());
}
