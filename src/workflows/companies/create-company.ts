import { newId } from '../../db/ids.ts';
import { toJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ErpSystem } from '../../domain/company.ts';
import { type Company, defaultFeatures, defaultSettings, isTimeZone } from '../../domain/company.ts';
import { invalidField } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { toCompany } from '../shared/companies.ts';

export interface CreateCompanyProps {
  actor: Actor;
  name: string;
  timeZone: string;
  erpSystem: ErpSystem;
}

export async function createCompany(ctx: WorkflowContext, props: CreateCompanyProps): Promise<Company> {
  if (!isTimeZone(props.timeZone)) throw invalidField('timeZone', 'is not a known IANA time zone');
  const at = ctx.clock.now();
  const row = {
    id: newId(),
    name: props.name,
    time_zone: props.timeZone,
    erp_system: props.erpSystem,
    features: toJson(defaultFeatures),
    settings: toJson(defaultSettings),
    version: 1,
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
  };
  const company = toCompany(row);
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('companies').values(row).execute();
    await recordAudit(trx, {
      companyId: row.id,
      actor: props.actor,
      action: 'company.created',
      subjectType: 'company',
      subjectId: row.id,
      after: company,
      at,
    });
  });
  return company;
}
