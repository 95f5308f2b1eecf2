import type { Kysely, Selectable } from 'kysely';
import type { DB, ProjectsTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { invalidState } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadProject, loadProjectRow, type Project } from '../shared/projects.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { updateVersioned } from '../shared/update-versioned.ts';
import { assertJobOnlyInErp, claimMirrorJob, loadMirrorJob } from './erp-mirror.ts';
import { adoptJobCostCodes, readJobCosts } from './job-cost-codes.ts';

/** Only a project the ERP does not know yet, and with nothing on its way there, can take over a job. */
async function assertLinkable(db: Kysely<DB>, project: Selectable<ProjectsTable>): Promise<void> {
  if (project.synced_snapshot !== null)
    throw invalidState(`The project is already synced with ERP job ${project.erp_job_number}`);
  for (const kind of ['project', 'cost_codes', 'budget'] as const)
    await assertNotAwaitingErp(db, kind, project.id);
}

/**
 * *Link*: an existing project becomes synced with a job from "Jobs only in ERP". Its cost-code
 * assignments that the job has (read live) become synced; the others stay to be sent as an update.
 */
export async function linkErpJob(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; jobNumber: string; projectId: string },
): Promise<Project> {
  const { db } = ctx.database;
  const job = await loadMirrorJob(db, props.companyId, props.jobNumber);
  await assertJobOnlyInErp(db, job);
  await assertLinkable(db, await loadProjectRow(db, props.companyId, props.projectId));
  const costs = await readJobCosts(ctx, props.companyId, job.job_number);
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    // Checked again: the project may have been sent while the ERP was read. Locked, so that no export is
    // recorded as synced between the check and the write.
    const row = await loadProjectRow(trx, props.companyId, props.projectId, {
      forUpdate: ctx.database.caps.rowLocks,
    });
    await assertLinkable(trx, row);
    await claimMirrorJob(trx, job, row.id);
    await updateVersioned(
      trx,
      'projects',
      row,
      { erp_job_number: job.job_number, synced_snapshot: job.data },
      now,
    );
    const syncedAssignments = await adoptJobCostCodes(trx, row.id, costs, { addMissing: false }, now);
    const project = await loadProject(trx, props.companyId, row.id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'erp_job.linked',
      subjectType: 'project',
      subjectId: row.id,
      after: { jobNumber: job.job_number, syncedAssignments },
      at: now,
    });
    return project;
  });
}
