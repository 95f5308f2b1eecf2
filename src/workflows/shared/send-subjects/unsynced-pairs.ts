import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Pair } from '../../../domain/ordering-rules.ts';

/** The lines whose cost code × type the project has not yet synced to the ERP, with their paths. */
export async function unsyncedPairs(
  db: Kysely<DB>,
  projectId: string,
  lines: { costCode: string; costType: string }[],
): Promise<Pair[]> {
  const rows = await db
    .selectFrom('project_cost_codes')
    .select(['code', 'cost_type', 'erp_status'])
    .where('project_id', '=', projectId)
    .execute();
  const statuses = new Map(rows.map((r) => [`${r.code}\u0000${r.cost_type}`, r.erp_status]));
  return lines.flatMap((line, i) =>
    statuses.get(`${line.costCode}\u0000${line.costType}`) === 'synced'
      ? []
      : [{ ...line, path: `lines[${i}]` }],
  );
}
