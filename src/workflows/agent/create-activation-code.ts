import type { Actor } from '../../domain/actor.ts';
import { preconditionFailed } from '../../domain/errors.ts';
import { hashSecret, newActivationCode, normalizeActivationCode } from '../../erp/sage300/hub/agent-keys.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadCompany } from '../shared/companies.ts';

/** Long enough to walk to the Sage server and type it; short enough that a leaked code is soon useless. */
const validMs = 15 * 60 * 1000;

/**
 * A one-time code that pairs a Sage agent with the company (`ledgergate agent activate --code …`). It is
 * shown once: only its hash is kept. Pairing again (after a server move) replaces the old agent's key.
 */
export async function createActivationCode(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string },
): Promise<{ code: string; expiresAt: string }> {
  const now = ctx.clock.now();
  const code = newActivationCode();
  const expiresAt = new Date(now.getTime() + validMs).toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const company = await loadCompany(trx, props.companyId);
    if (company.erpSystem !== 'sage300')
      throw preconditionFailed('Only a Sage 300 CRE company pairs an agent', [
        { path: 'erpSystem', message: `this company uses ${company.erpSystem}, which needs no agent` },
      ]);
    await trx
      .insertInto('agent_activation_codes')
      .values({
        code_hash: hashSecret(normalizeActivationCode(code)),
        company_id: props.companyId,
        created_by: props.actor.userId,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'agent.activation_code_created',
      subjectType: 'sage_agent',
      subjectId: props.companyId,
      after: { expiresAt },
      at: now,
    });
  });
  return { code, expiresAt };
}
