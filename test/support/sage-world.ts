import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activateAgent } from '../../src/erp/sage300/agent/activate.ts';
import { type AgentOptions, type RunningAgent, startAgent } from '../../src/erp/sage300/agent/agent.ts';
import { type Sage300Simulator, startSage300Simulator } from '../../src/erp/sage300/simulator/index.ts';
import { createActivationCode } from '../../src/workflows/agent/create-activation-code.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import { loadActor } from '../../src/workflows/shared/actors.ts';
import { until } from './databases.ts';
import { makeCompany, type TestUser } from './factories.ts';

/** An agent's log kept quiet, but at hand when a test fails. */
export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

export interface SageStack {
  sim: Sage300Simulator;
  companyId: string;
  /** The agent's data directory (agent.json, journal.sqlite). */
  dataDir: string;
  agent: RunningAgent;
  /** Starts the agent again on the same data directory (after `agent.stop()`). */
  restartAgent(options?: Partial<AgentOptions>): Promise<RunningAgent>;
  stop(): Promise<void>;
}

/**
 * A Sage 300 CRE company of the hub at `hubUrl` (a listening server of `ctx`), paired with a real agent
 * run in-process against a real simulated company: every hop a real socket.
 */
export async function startSageStack(
  ctx: WorkflowContext,
  hubUrl: string,
  operator: TestUser,
  options: { agent?: Partial<AgentOptions>; companyId?: string } = {},
): Promise<SageStack> {
  const sim = await startSage300Simulator({ port: 0, seed: 'demo' });
  const companyId = options.companyId ?? (await makeCompany(ctx, operator, 'sage300')).id;
  const dataDir = mkdtempSync(join(tmpdir(), 'ledgergate-agent-'));
  const actor = (await loadActor(ctx.database.db, operator.id))!;
  const { code } = await createActivationCode(ctx, { actor, companyId });
  await activateAgent({ hub: hubUrl, code, dataDir });
  const run = async (extra: Partial<AgentOptions> = {}) => {
    const agent = await startAgent({ dataDir, sageUrl: sim.url, log: quietLog, ...options.agent, ...extra });
    await until(() => ctx.agents.isOnline(companyId).then((online) => online || undefined), 10_000);
    return agent;
  };
  const stack: SageStack = {
    sim,
    companyId,
    dataDir,
    agent: await run(),
    async restartAgent(extra) {
      stack.agent = await run(extra);
      return stack.agent;
    },
    async stop() {
      await stack.agent.stop();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
