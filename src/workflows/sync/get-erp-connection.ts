import { fromJson } from '../../db/json.ts';
import type { ErpConnectionView } from '../../domain/erp-connection.ts';
import { notFound } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';

export async function getErpConnection(ctx: WorkflowContext, companyId: string): Promise<ErpConnectionView> {
  const row = await ctx.database.db
    .selectFrom('erp_connections')
    .selectAll()
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (!row) throw notFound('ERP connection');
  const secrets = fromJson<Record<string, string>>(ctx.secrets.open(row.secrets));
  return {
    system: row.system,
    settings: fromJson<Record<string, string | boolean>>(row.settings),
    hasCredentials: Object.keys(secrets).length > 0,
    version: row.version,
    updatedAt: row.updated_at,
  };
}
