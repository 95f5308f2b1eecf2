import { fromJson, toJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  type ErpConnectionInput,
  type ErpConnectionView,
  splitSecrets,
} from '../../domain/erp-connection.ts';
import { AppError, invalidField, preconditionFailed } from '../../domain/errors.ts';
import { refusalOfUrl } from '../../security/outbound-policy.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadCompany } from '../shared/companies.ts';

export interface PutErpConnectionProps {
  actor: Actor;
  companyId: string;
  connection: ErpConnectionInput;
}

/**
 * A Spectrum connection's secrets: each one given, else the stored one. The Authorization ID is required
 * once, and the client secret goes with a client id (enhanced authentication) or not at all.
 */
function spectrumSecrets(
  input: { clientId?: string | undefined },
  given: Record<string, string>,
  stored: Record<string, string>,
): Record<string, string> {
  const authorizationId = given.authorizationId ?? stored.authorizationId;
  if (authorizationId === undefined)
    throw new AppError('validation_failed', 'authorizationId is required', [
      { path: 'authorizationId', message: 'is required: no Authorization ID is stored yet' },
    ]);
  if (!input.clientId) {
    if (given.clientSecret !== undefined)
      throw new AppError('validation_failed', 'clientId is required with clientSecret', [
        {
          path: 'clientId',
          message: 'enhanced authentication needs both the client id and the client secret',
        },
      ]);
    return { authorizationId };
  }
  const clientSecret = given.clientSecret ?? stored.clientSecret;
  if (clientSecret === undefined)
    throw new AppError('validation_failed', 'clientSecret is required with clientId', [
      {
        path: 'clientSecret',
        message: 'enhanced authentication needs both the client id and the client secret',
      },
    ]);
  return { authorizationId, clientSecret };
}

/**
 * The secrets stored before, to keep the ones not given. Sealed under another key (the key file was lost
 * or replaced) they cannot be read, so they count as absent and must be given again, not as a failure.
 */
function storedSecrets(ctx: WorkflowContext, sealed: string): Record<string, string> {
  try {
    return fromJson<Record<string, string>>(ctx.secrets.open(sealed));
  } catch {
    return {};
  }
}

/** Stores the connection with its secrets sealed; the audit row records only the non-secret settings. */
export async function putErpConnection(
  ctx: WorkflowContext,
  props: PutErpConnectionProps,
): Promise<ErpConnectionView> {
  const { settings, secrets: given } = splitSecrets(props.connection);
  if (props.connection.system === 'spectrum') {
    // Only an IP written in the URL is judged now; a host name is judged on its addresses at each call.
    const refused = refusalOfUrl(ctx.outbound.erp, props.connection.baseUrl);
    if (refused) throw invalidField('baseUrl', refused);
  }
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const company = await loadCompany(trx, props.companyId);
    if (company.erpSystem !== props.connection.system) {
      throw preconditionFailed(`This company uses ${company.erpSystem}`, [
        { path: 'system', message: `must be "${company.erpSystem}", the company's ERP` },
      ]);
    }
    const existing = await trx
      .selectFrom('erp_connections')
      .select(['settings', 'secrets', 'version'])
      .where('company_id', '=', props.companyId)
      .executeTakeFirst();
    const stored = existing ? storedSecrets(ctx, existing.secrets) : {};
    const secrets =
      props.connection.system === 'spectrum' ? spectrumSecrets(props.connection, given, stored) : {};
    const row = {
      company_id: props.companyId,
      system: props.connection.system,
      settings: toJson(settings),
      secrets: ctx.secrets.seal(toJson(secrets)),
      version: (existing?.version ?? 0) + 1,
      updated_at: now.toISOString(),
      // Another ERP, or the same one reached anew: the next sync reads it whole.
      sync_token: null,
    };
    await trx
      .insertInto('erp_connections')
      .values(row)
      .onConflict((oc) => oc.column('company_id').doUpdateSet(row))
      .execute();
    const view: ErpConnectionView = {
      system: row.system,
      settings,
      hasCredentials: Object.keys(secrets).length > 0,
      version: row.version,
      updatedAt: row.updated_at,
    };
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'erp_connection.saved',
      subjectType: 'erp_connection',
      subjectId: props.companyId,
      before: existing ? { settings: fromJson(existing.settings) } : undefined,
      after: { settings },
      at: now,
    });
    return view;
  });
}
