import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadProject, type Project } from '../shared/projects.ts';
import { type ProjectFields, projectColumns } from './project-fields.ts';

/**
 * Inserts the project and its budget inside `trx` and answers the project's id; the caller audits. A
 * project imported from an ERP job is born synced with it (`erp`: the job number and what the ERP has).
 */
export async function insertProject(
  trx: Kysely<DB>,
  props: {
    actor: Actor;
    companyId: string;
    fields: ProjectFields;
    erp?: { jobNumber: string; syncedSnapshot: string };
  },
  now: Date,
): Promise<string> {
  const at = now.toISOString();
  const id = newId();
  await trx
    .insertInto('projects')
    .values({
      id,
      company_id: props.companyId,
      name: props.fields.name,
      number: null,
      active: 1,
      division: null,
      price_method: null,
      taxable: null,
      customer_code: null,
      cost_center: null,
      address: null,
      ...projectColumns(props.fields),
      created_by: props.actor.userId,
      erp_job_number: props.erp?.jobNumber ?? null,
      synced_snapshot: props.erp?.syncedSnapshot ?? null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // Every project has exactly one budget, created empty and unlocked with it.
  await trx
    .insertInto('budgets')
    .values({
      project_id: id,
      company_id: props.companyId,
      locked: 0,
      synced_snapshot: null,
      version: 1,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function createProject(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; fields: ProjectFields },
): Promise<Project> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const id = await insertProject(trx, props, now);
    const project = await loadProject(trx, props.companyId, id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'project.created',
      subjectType: 'project',
      subjectId: id,
      after: project,
      at: now,
    });
    return project;
  });
}
