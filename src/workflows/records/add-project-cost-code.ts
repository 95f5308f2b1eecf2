import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { preconditionFailed } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { listProjectCostCodes, type ProjectCostCode } from '../shared/project-cost-codes.ts';
import { loadProjectRow } from '../shared/projects.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';

export interface AddProjectCostCodeProps {
  actor: Actor;
  companyId: string;
  projectId: string;
  code: string;
  costTypes: string[];
}

/** Adds cost-type assignments for a code of the standard list; existing ones are kept as they are. */
export async function addProjectCostCode(
  ctx: WorkflowContext,
  props: AddProjectCostCodeProps,
): Promise<ProjectCostCode> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const project = await loadProjectRow(trx, props.companyId, props.projectId);
    // While the project or its cost codes wait for approval, the approver's snapshot must stay true.
    await assertNotAwaitingErp(trx, 'project', project.id);
    await assertNotAwaitingErp(trx, 'cost_codes', project.id);

    const standard = await knownCodes(trx, 'standard_cost_codes', props.companyId, [props.code]);
    const known = await knownCodes(trx, 'cost_types', props.companyId, props.costTypes);
    const problems = [
      ...(standard.has(props.code)
        ? []
        : [{ path: 'code', message: `${props.code} is not on the company's standard cost code list` }]),
      ...props.costTypes.flatMap((ct, i) =>
        known.has(ct)
          ? []
          : [{ path: `costTypes[${i}]`, message: `${ct} is not a cost type of the company` }],
      ),
    ];
    if (problems.length) throw preconditionFailed('The cost code cannot be added', problems);

    const existing = new Set(
      (
        await trx
          .selectFrom('project_cost_codes')
          .select('cost_type')
          .where('project_id', '=', project.id)
          .where('code', '=', props.code)
          .execute()
      ).map((r) => r.cost_type),
    );
    const added = [...new Set(props.costTypes)].filter((ct) => !existing.has(ct));
    if (added.length) {
      await trx
        .insertInto('project_cost_codes')
        .values(
          added.map((ct) => ({
            project_id: project.id,
            code: props.code,
            cost_type: ct,
            erp_status: 'not_sent' as const,
            created_at: now.toISOString(),
          })),
        )
        .execute();
      await recordAudit(trx, {
        companyId: props.companyId,
        actor: props.actor,
        action: 'project.cost_code_added',
        subjectType: 'project',
        subjectId: project.id,
        after: { code: props.code, costTypes: added },
        at: now,
      });
    }
    const all = await listProjectCostCodes(trx, props.companyId, project.id);
    return all.find((c) => c.code === props.code)!;
  });
}

/** Which of `codes` the company's list has. */
async function knownCodes(
  db: Kysely<DB>,
  list: 'standard_cost_codes' | 'cost_types',
  companyId: string,
  codes: string[],
): Promise<Set<string>> {
  const rows = await db
    .selectFrom(list)
    .select('code')
    .where('company_id', '=', companyId)
    .where('code', 'in', codes)
    .execute();
  return new Set(rows.map((r) => r.code));
}
