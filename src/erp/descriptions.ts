import type { Kysely } from 'kysely';
import { fromJson } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { ConnectorDescription, ErpSystemName } from './connector.ts';
import { sage300Description } from './sage300/rules.ts';
import { describeSpectrum } from './spectrum/rules.ts';

/** The target ERP's self-description for its settings; needs no connection to the ERP itself. */
export function describeErp(system: ErpSystemName, settings: Record<string, unknown>): ConnectorDescription {
  const text = (name: string) =>
    typeof settings[name] === 'string' ? (settings[name] as string) : undefined;
  return system === 'spectrum'
    ? describeSpectrum({
        phaseMask: text('phaseMask'),
        defaultTaxable: typeof settings.defaultTaxable === 'boolean' ? settings.defaultTaxable : undefined,
      })
    : sage300Description({ jobMask: text('jobMask') });
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
  return describeErp(row.erp_system, fromJson<Record<string, unknown>>(row.settings) ?? {});
}
