import { fromJson, toJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  type ErpConnectionInput,
  type ErpConnectionView,
  splitSecrets,
} from '../../domain/erp-connection.ts';
import { AppError, preconditionFailed } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadCompany } from '../shared/companies.ts';

export interface PutErpConnectionProps {
  actor: Actor;
  companyId: string;
  connection: ErpConnectionInput;
}

/** Stores the connection with its secrets sealed; the audit row records only the non-secret settings. */
export async function putErpConnection(
  ctx: WorkflowContext,
  props: PutErpConnectionProps,
): Promise<ErpConnectionView> {
  const { settings, secrets } = splitSecrets(props.connection);
  if (
    props.connection.system === 'spectrum' &&
    !props.connection.clientId !== !props.connection.clientSecret
  ) {
    const path = props.connection.clientId ? 'clientSecret' : 'clientId';
    throw new AppError(
      'validation_failed',
      `${path} is required with ${path === 'clientId' ? 'clientSecret' : 'clientId'}`,
      [{ path, message: 'enhanced authentication needs both the client id and the client secret' }],
    );
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
      .select(['settings', 'version'])
      .where('company_id', '=', props.companyId)
      .executeTakeFirst();
    const row = {
      company_id: props.companyId,
      system: props.connection.system,
      settings: toJson(settings),
      secrets: ctx.secrets.seal(toJson(secrets)),
      version: (existing?.version ?? 0) + 1,
      updated_at: now.toISOString(),
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
