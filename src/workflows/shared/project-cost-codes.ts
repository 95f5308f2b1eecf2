import type { Kysely } from 'kysely';
import type { CostCodeErpStatus, DB } from '../../db/schema.ts';
import { loadProjectRow } from './projects.ts';

export interface ProjectCostCode {
  code: string;
  description: string;
  costTypes: { code: string; erpStatus: CostCodeErpStatus }[];
}

export async function listProjectCostCodes(
  db: Kysely<DB>,
  companyId: string,
  projectId: string,
): Promise<ProjectCostCode[]> {
  await loadProjectRow(db, companyId, projectId);
  const rows = await db
    .selectFrom('project_cost_codes as p')
    .leftJoin('standard_cost_codes as s', (join) =>
      join.onRef('s.code', '=', 'p.code').on('s.company_id', '=', companyId),
    )
    .select(['p.code', 'p.cost_type', 'p.erp_status', 's.description'])
    .where('p.project_id', '=', projectId)
    .orderBy('p.code')
    .orderBy('p.cost_type')
    .execute();
  const byCode = new Map<string, ProjectCostCode>();
  for (const row of rows) {
    const entry = byCode.get(row.code) ?? {
      code: row.code,
      description: row.description ?? '',
      costTypes: [],
    };
    entry.costTypes.push({ code: row.cost_type, erpStatus: row.erp_status });
    byCode.set(row.code, entry);
  }
  return [...byCode.values()];
}
