import type { Kysely, Selectable } from 'kysely';
import { fromJson, toJson } from '../../db/json.ts';
import type { CompaniesTable, DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  type Company,
  type CompanyFeatures,
  type CompanySettings,
  defaultFeatures,
  defaultSettings,
} from '../../domain/company.ts';
import { notFound, versionConflict } from '../../domain/errors.ts';
import type { ConnectorDescription } from '../../erp/connector.ts';
import { describeErp } from '../../erp/descriptions.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from './audit.ts';
import { updateVersioned } from './update-versioned.ts';

export function toCompany(row: Selectable<CompaniesTable>): Company {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    erpSystem: row.erp_system,
    features: { ...defaultFeatures, ...fromJson<CompanyFeatures>(row.features) },
    settings: { ...defaultSettings, ...fromJson<CompanySettings>(row.settings) },
    version: row.version,
    createdAt: row.created_at,
  };
}

export async function loadCompany(db: Kysely<DB>, companyId: string): Promise<Company> {
  const row = await db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
  if (!row) throw notFound('Company');
  return toCompany(row);
}

/** The company with a description of its ERP (from its connection's settings), in one read. */
export async function loadCompanyAndErp(
  db: Kysely<DB>,
  companyId: string,
): Promise<{ company: Company; description: ConnectorDescription }> {
  const row = await db
    .selectFrom('companies')
    .leftJoin('erp_connections', 'erp_connections.company_id', 'companies.id')
    .selectAll('companies')
    .select('erp_connections.settings as erp_settings')
    .where('companies.id', '=', companyId)
    .executeTakeFirst();
  if (!row) throw notFound('Company');
  const { erp_settings, ...company } = row;
  return {
    company: toCompany(company),
    description: describeErp(company.erp_system, fromJson<Record<string, unknown>>(erp_settings) ?? {}),
  };
}

export interface CompanyChange {
  actor: Actor;
  companyId: string;
  /** When given, the change applies only to this version (optimistic locking). */
  version?: number;
  action: string;
  apply(company: Company): Company;
}

/** Loads, changes and writes a company with its version bumped and the audit row, in one transaction. */
export async function changeCompany(ctx: WorkflowContext, change: CompanyChange): Promise<Company> {
  const at = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const before = await loadCompany(trx, change.companyId);
    if (change.version !== undefined && change.version !== before.version) throw versionConflict();
    const after = { ...change.apply(before), version: before.version + 1 };
    await updateVersioned(
      trx,
      'companies',
      { id: change.companyId, version: before.version },
      {
        name: after.name,
        time_zone: after.timeZone,
        features: toJson(after.features),
        settings: toJson(after.settings),
      },
      at,
    );
    await recordAudit(trx, {
      companyId: change.companyId,
      actor: change.actor,
      action: change.action,
      subjectType: 'company',
      subjectId: change.companyId,
      before,
      after,
      at,
    });
    return after;
  });
}
