import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { activateAgent, loadAgentConfig } from '../erp/sage300/agent/activate.ts';
import { type RunningAgent, startAgent } from '../erp/sage300/agent/agent.ts';
import type { AgentLog } from '../erp/sage300/agent/hub-channel.ts';
import { authenticateAgent } from '../workflows/agent/authenticate-agent.ts';
import { createActivationCode } from '../workflows/agent/create-activation-code.ts';
import type { WorkflowContext } from '../workflows/context.ts';
import { requestSync } from '../workflows/sync/request-sync.ts';
import { demoOperatorActor, ensureDemoCompany, ensureDemoMembers } from './setup-demo.ts';

const companyName = 'Demo Builders (Sage)';

/** How long the demo waits for its agent's first hello before the first sync is requested anyway. */
const onlineWithinMs = 15_000;

/**
 * The Sage half of the demo: a Sage 300 CRE company whose agent runs in this process against the
 * in-process simulated Sage company, so both ERPs can be tried at once. The agent is paired the way a
 * customer pairs one (an activation code exchanged over the hub's HTTP), once; later starts reuse its
 * pairing, unless the database it was paired with is gone.
 */
export async function setupSageDemo(
  ctx: WorkflowContext,
  props: { hubUrl: string; sageUrl: string; dataDir: string; log: AgentLog },
): Promise<{ companyId: string; agent: RunningAgent; syncRunId: string }> {
  const op = await demoOperatorActor(ctx);
  const { id: companyId } = await ensureDemoCompany(ctx, op, {
    name: companyName,
    timeZone: 'America/Los_Angeles',
    erpSystem: 'sage300',
    settings: { syncSchedule: '15m' },
  });
  const actors = await ensureDemoMembers(ctx, op, companyId);
  const admin = actors.get('ERP admin')!;

  const agentDir = join(props.dataDir, 'sage-agent');
  if (!(await pairedWith(ctx, agentDir, props.hubUrl, companyId))) {
    const { code } = await createActivationCode(ctx, { actor: admin, companyId });
    await activateAgent({ hub: props.hubUrl, code, dataDir: agentDir });
  }
  const agent = await startAgent({ dataDir: agentDir, sageUrl: props.sageUrl, log: props.log });
  const deadline = Date.now() + onlineWithinMs;
  while (!(await ctx.agents.isOnline(companyId)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { syncRunId } = await requestSync(ctx, { actor: admin, companyId });
  return { companyId, agent, syncRunId };
}

/** Whether the agent's data directory holds a key this database still knows, for this company and hub. */
async function pairedWith(
  ctx: WorkflowContext,
  agentDir: string,
  hubUrl: string,
  companyId: string,
): Promise<boolean> {
  if (!existsSync(join(agentDir, 'agent.json'))) return false;
  const config = loadAgentConfig(agentDir);
  return (
    config.hub === hubUrl &&
    config.companyId === companyId &&
    (await authenticateAgent(ctx, config.agentKey)) === companyId
  );
}
