import type { Kysely } from 'kysely';
import { fromJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { ConnectorDescription, ErpSystemName } from './connector.ts';
import { sage300Description } from './sage300/rules.ts';
import { describeSpectrum } from './spectrum/rules.ts';

/** The target ERP's self-description for its settings; needs no connection to the ERP itself. */
export function describeErp(
  system: ErpSystemName,
  settings: Record<string, string | undefined>,
): ConnectorDescription {
  return system === 'spectrum'
    ? describeSpectrum(settings.phaseMask)
    : sage300Description({ jobMask: settings.jobMask });
}

/** The description for a company: its ERP, with the settings of its connection when one is set. */
export async function companyErpDescription(
  db: Kysely<DB>,
  companyId: string,
): Promise<ConnectorDescription> {
  const row = await db
    .selectFrom('companies')
    .leftJoin('erp_connections', 'erp_connections.company_id', 'companies.id')
    .select(['companies.erp_system', 'erp_connections.settings'])
    .where('companies.id', '=', companyId)
    .executeTakeFirstOrThrow();
  return describeErp(row.erp_system, fromJson<Record<string, string>>(row.settings) ?? {});
}
