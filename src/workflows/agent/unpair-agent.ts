import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';

/**
 * Unpairs the company's agent: its key stops working at once and its channel closes. Commands waiting
 * for it stay: a newly paired agent runs them, and exports wait meanwhile. Unpairing a company without
 * an agent changes nothing (a repeated click is not an error).
 */
export async function unpairAgent(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.database.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('sage_agents')
      .where('company_id', '=', props.companyId)
      .returning(['hostname', 'version'])
      .executeTakeFirst();
    if (!removed) return;
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'agent.unpaired',
      subjectType: 'sage_agent',
      subjectId: props.companyId,
      before: { hostname: removed.hostname, version: removed.version },
      at: now,
    });
  });
  await ctx.agents.detach(props.companyId);
}
