import { hashSecret } from '../../erp/sage300/hub/agent-keys.ts';
import type { WorkflowContext } from '../context.ts';

/** The company whose agent holds this key, if it is still paired. */
export async function authenticateAgent(ctx: WorkflowContext, agentKey: string): Promise<string | undefined> {
  const row = await ctx.database.db
    .selectFrom('sage_agents')
    .select('company_id')
    .where('key_hash', '=', hashSecret(agentKey))
    .executeTakeFirst();
  return row?.company_id;
}
