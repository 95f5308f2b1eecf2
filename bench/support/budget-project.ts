import { toJson } from '../../src/db/json.ts';
import type { WorkflowContext } from '../../src/workflows/context.ts';
import type { Api } from '../../test/support/api.ts';

const costTypes = ['L', 'M', 'S', 'E', 'O'];

/**
 * A synced project with 1,000 standard cost codes × 5 cost types, all in the ERP, and the 5,000 budget
 * lines a benchmark writes for it (one per pair; not yet written).
 */
export async function budgetProject(ctx: WorkflowContext, pm: Api, companyId: string) {
  const { db } = ctx.database;
  const at = new Date().toISOString();
  const codes = Array.from(
    { length: 1000 },
    (_, i) => `${String(Math.floor(i / 100)).padStart(2, '0')}-${String(i % 100).padStart(3, '0')}`,
  );
  await db
    .insertInto('standard_cost_codes')
    .values(
      codes.map((code) => ({
        company_id: companyId,
        code,
        description: `Code ${code}`,
        source: 'erp' as const,
        updated_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('cost_types')
    .values(
      costTypes.map((code) => ({
        company_id: companyId,
        code,
        description: code,
        kind: 'other',
        source: 'erp' as const,
        updated_at: at,
      })),
    )
    .execute();
  const projectId = (
    await pm.post(`/companies/${companyId}/projects`, {
      name: 'Bench tower',
      number: 'B1',
      active: true,
      priceMethod: 'F',
      taxable: true,
    })
  ).body.id as string;
  // The project and all its cost codes as a successful export leaves them.
  await db
    .updateTable('projects')
    .set({ synced_snapshot: toJson({}), erp_job_number: 'B1' })
    .where('id', '=', projectId)
    .execute();
  for (let i = 0; i < codes.length; i += 200) {
    await db
      .insertInto('project_cost_codes')
      .values(
        codes.slice(i, i + 200).flatMap((code) =>
          costTypes.map((cost_type) => ({
            project_id: projectId,
            code,
            cost_type,
            erp_status: 'synced' as const,
            created_at: at,
          })),
        ),
      )
      .execute();
  }
  const lines = codes.flatMap((costCode, i) =>
    costTypes.map((costType, j) => ({
      costCode,
      costType,
      amount: `${1000 + i * 7 + j}.${String((i + j) % 100).padStart(2, '0')}`,
    })),
  );
  return { projectId, lines };
}
