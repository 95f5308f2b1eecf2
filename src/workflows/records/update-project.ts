import type { Actor } from '../../domain/actor.ts';
import { invalidState, versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadProject, loadProjectRow, type Project } from '../shared/projects.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { updateVersioned } from '../shared/update-versioned.ts';
import { type ProjectFields, projectColumns } from './project-fields.ts';

export interface UpdateProjectProps {
  actor: Actor;
  companyId: string;
  projectId: string;
  version: number;
  fields: Partial<ProjectFields>;
}

export async function updateProject(ctx: WorkflowContext, props: UpdateProjectProps): Promise<Project> {
  const now = ctx.clock.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    // Locked, so that no export is recorded as synced between the checks below and the write.
    const row = await loadProjectRow(trx, props.companyId, props.projectId, {
      forUpdate: ctx.database.caps.rowLocks,
    });
    if (row.version !== props.version) throw versionConflict();
    await assertNotAwaitingErp(trx, 'project', row.id);
    // A synced project is linked to its ERP job: only the active flag stays ours to change.
    const changesJob = Object.keys(props.fields).some((field) => field !== 'active');
    if (row.synced_snapshot !== null && changesJob) {
      throw invalidState(
        `The project is synced with ERP job ${row.erp_job_number}: change its job fields in the ERP`,
      );
    }
    const before = await loadProject(trx, props.companyId, row.id);
    await updateVersioned(trx, 'projects', row, projectColumns(props.fields), now);
    const after = await loadProject(trx, props.companyId, row.id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'project.updated',
      subjectType: 'project',
      subjectId: row.id,
      before,
      after,
      at: now,
    });
    return after;
  });
}
