import { fromJson } from '../../db/json.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ErpJob } from '../../erp/connector.ts';
import type { WorkflowContext } from '../context.ts';
import { insertProject } from '../records/create-project.ts';
import type { ProjectFields } from '../records/project-fields.ts';
import { recordAudit } from '../shared/audit.ts';
import { loadProject, type Project } from '../shared/projects.ts';
import { assertJobOnlyInErp, claimMirrorJob, loadMirrorJob } from './erp-mirror.ts';
import { addMissingStandardEntries, adoptJobCostCodes, readJobCosts } from './job-cost-codes.ts';

/** The price methods a project knows; any other ERP value is left blank for the user to choose. */
const priceMethods = new Set(['F', 'T', 'C', 'U']);

/** The project fields an ERP job fills: its number, description (as the name), status and job fields. */
function projectFieldsOf(job: ErpJob): ProjectFields {
  return {
    name: job.description || job.jobNumber,
    number: job.jobNumber,
    active: job.status === 'active',
    division: job.division ?? null,
    priceMethod: priceMethods.has(job.priceMethod ?? '')
      ? (job.priceMethod as ProjectFields['priceMethod'])
      : null,
    // No Spectrum read returns a job's taxable flag (spectrum-sdx §7): the project leaves it blank.
    taxable: null,
    customerCode: job.customerCode ?? null,
    costCenter: job.costCenter ?? null,
    address: job.address ?? null,
  };
}

/**
 * *Import* from "Jobs only in ERP": a new project, born synced with the job, with the job's cost codes
 * as synced assignments (codes the standard list lacks are added to it as the ERP's). The job's phases
 * are read live; project, budget, assignments, the mirror link and the audit row commit together.
 */
export async function importErpJob(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; jobNumber: string },
): Promise<Project> {
  const { db } = ctx.database;
  const job = await loadMirrorJob(db, props.companyId, props.jobNumber);
  await assertJobOnlyInErp(db, job);
  const costs = await readJobCosts(ctx, props.companyId, job.job_number);
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    const projectId = await insertProject(
      trx,
      {
        actor: props.actor,
        companyId: props.companyId,
        fields: projectFieldsOf(fromJson<ErpJob>(job.data)),
        erp: { jobNumber: job.job_number, syncedSnapshot: job.data },
      },
      now,
    );
    await claimMirrorJob(trx, job, projectId);
    const addedToStandardList = await addMissingStandardEntries(trx, props.companyId, costs, now);
    const assignments = await adoptJobCostCodes(trx, projectId, costs, { addMissing: true }, now);
    const project = await loadProject(trx, props.companyId, projectId);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'erp_job.imported',
      subjectType: 'project',
      subjectId: projectId,
      after: { jobNumber: job.job_number, project, assignments, addedToStandardList },
      at: now,
    });
    return project;
  });
}
