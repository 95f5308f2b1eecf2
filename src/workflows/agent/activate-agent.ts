import { toJson } from '../../db/json.ts';
import { AppError } from '../../domain/errors.ts';
import { hashSecret, newAgentKey, normalizeActivationCode } from '../../erp/sage300/hub/agent-keys.ts';
import type { Activation } from '../../erp/sage300/protocol.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadCompany } from '../shared/companies.ts';

export interface ActivateAgentProps {
  code: string;
  version: string;
  hostname: string;
}

/**
 * Exchanges a one-time activation code for the company's agent key. The key is answered once and only
 * its hash stored; a company has one agent, so pairing replaces the previous agent's key (it stops
 * working at once). A company without a connection gets its Sage 300 connection here.
 */
export async function activateAgent(ctx: WorkflowContext, props: ActivateAgentProps): Promise<Activation> {
  const now = ctx.clock.now();
  const agentKey = newAgentKey();
  const activation = await ctx.database.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('agent_activation_codes')
      .set({ used_at: now.toISOString() })
      .where('code_hash', '=', hashSecret(normalizeActivationCode(props.code)))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning(['company_id', 'created_by'])
      .executeTakeFirst();
    if (!used)
      throw new AppError(
        'unauthenticated',
        'The activation code is not valid: it was mistyped, used already or older than 15 minutes. Create a new one under Settings → ERP connection',
      );
    const company = await loadCompany(trx, used.company_id);
    const agent = {
      key_hash: hashSecret(agentKey),
      hostname: props.hostname,
      version: props.version,
      sage_state: null,
      paired_at: now.toISOString(),
      last_seen_at: null,
      connected: 0,
    };
    await trx
      .insertInto('sage_agents')
      .values({ company_id: company.id, ...agent })
      .onConflict((oc) => oc.column('company_id').doUpdateSet(agent))
      .execute();
    await trx
      .insertInto('erp_connections')
      .values({
        company_id: company.id,
        system: 'sage300',
        settings: toJson({}),
        secrets: ctx.secrets.seal(toJson({})),
        version: 1,
        updated_at: now.toISOString(),
      })
      // A newly paired agent may serve another Sage installation: the next sync reads it whole.
      .onConflict((oc) => oc.column('company_id').doUpdateSet({ sync_token: null }))
      .execute();
    await recordAudit(trx, {
      companyId: company.id,
      actor: null,
      action: 'agent.paired',
      subjectType: 'sage_agent',
      subjectId: company.id,
      after: { hostname: props.hostname, version: props.version, codeCreatedBy: used.created_by },
      at: now,
    });
    return { agentKey, companyId: company.id, companyName: company.name };
  });
  // An agent paired before (another server) is cut off now, not at its next reconnect.
  await ctx.agents.detach(activation.companyId);
  return activation;
}
