import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';

export const costTypeKinds = ['labor', 'material', 'subcontract', 'equipment', 'overhead', 'other'] as const;
export type CostTypeKind = (typeof costTypeKinds)[number];

/** Once the ERP sync has written the lists they are the ERP's; before that an ERP admin may keep them. */
async function assertNoErpData(db: Kysely<DB>, companyId: string): Promise<void> {
  const fromErp = await db
    .selectFrom('standard_cost_codes')
    .select('code')
    .where('company_id', '=', companyId)
    .where('source', '=', 'erp')
    .union(
      db
        .selectFrom('cost_types')
        .select('code')
        .where('company_id', '=', companyId)
        .where('source', '=', 'erp'),
    )
    .executeTakeFirst();
  if (fromErp) throw invalidState('The cost code lists come from the ERP: change them there and sync');
}

export interface StandardEntry {
  table: 'standard_cost_codes' | 'cost_types';
  code: string;
  description: string;
  kind?: CostTypeKind;
}

export async function addStandardEntry(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; entry: StandardEntry },
): Promise<void> {
  const { table, code, description, kind } = props.entry;
  const now = ctx.clock.now();
  await ctx.database.db.transaction().execute(async (trx) => {
    await assertNoErpData(trx, props.companyId);
    const exists = await trx
      .selectFrom(table)
      .select('code')
      .where('company_id', '=', props.companyId)
      .where('code', '=', code)
      .executeTakeFirst();
    if (exists) throw invalidState(`${code} is already on the list`);
    const row = {
      company_id: props.companyId,
      code,
      description,
      source: 'manual' as const,
      updated_at: now.toISOString(),
    };
    if (table === 'cost_types')
      await trx
        .insertInto('cost_types')
        .values({ ...row, kind: kind ?? 'other' })
        .execute();
    else await trx.insertInto('standard_cost_codes').values(row).execute();
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: table === 'cost_types' ? 'cost_type.added' : 'standard_cost_code.added',
      subjectType: table === 'cost_types' ? 'cost_type' : 'standard_cost_code',
      subjectId: code,
      after: props.entry,
      at: now,
    });
  });
}
