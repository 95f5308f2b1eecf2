import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { invalidState } from '../../../domain/errors.ts';
import type { FieldRule } from '../../../domain/preflight.ts';
import type { ConnectorDescription } from '../../../erp/connector.ts';
import { loadCompany } from '../companies.ts';
import { listProjectCostCodes } from '../project-cost-codes.ts';
import { loadProject, loadProjectRow } from '../projects.ts';
import { costCodeRules } from './cost-codes.ts';
import type { SendSubject, Stage, SubjectRef } from './index.ts';

/**
 * Fields a job template fills when the project leaves them blank (ERP.md §2). Never the taxable flag:
 * no Spectrum read returns a job's, so it comes from the project or the connection's default.
 */
const templateFillable = new Set(['division', 'customerCode', 'costCenter', 'priceMethod']);

/** A project not yet in the ERP, to become a job with its cost codes. */
export async function projectSubject(
  db: Kysely<DB>,
  { companyId, projectId }: Extract<SubjectRef, { kind: 'project' }>,
  description: ConnectorDescription,
  stage: Stage,
): Promise<SendSubject> {
  const row = await loadProjectRow(db, companyId, projectId);
  if (row.synced_snapshot !== null) {
    throw invalidState(
      `The project is already ERP job ${row.erp_job_number}: send new cost codes or the budget instead`,
    );
  }
  const project = await loadProject(db, companyId, projectId);
  const company = await loadCompany(db, companyId);
  const costCodes = (await listProjectCostCodes(db, companyId, projectId)).map((c) => ({
    code: c.code,
    description: c.description,
    costTypes: c.costTypes.map((t) => t.code),
  }));
  const { erp: _erp, version: _v, createdBy: _c, createdAt: _ca, updatedAt: _u, ...fields } = project;
  const view: Record<string, unknown> = {
    jobNumber: project.number,
    name: project.name,
    division: project.division,
    address: project.address,
    customerCode: project.customerCode,
    costCenter: project.costCenter,
    priceMethod: project.priceMethod,
    taxable: project.taxable,
    costCodes,
  };
  // At send the template is not chosen yet: a default template will fill the blanks. At accept the chosen
  // template has filled them (see viewWithOptions), so every required field is checked as it stands.
  const hasTemplate = stage === 'send' && company.settings.defaultJobTemplate !== null;
  // The job number is chosen at accept; a template fills the other blanks, if the company has one.
  const relaxed = (rules: FieldRule[]) =>
    rules.map((r) => (templateFillable.has(r.path) && hasTemplate ? { ...r, required: false } : r));
  const subject: SendSubject = {
    kind: 'project',
    subjectId: projectId,
    label: project.number ? `${project.number} ${project.name}` : project.name,
    update: false,
    snapshot: { ...fields, costCodes },
    requestedUpdates: null,
    facts: { kind: 'project', active: project.active, missingJobFields: [] },
    preflightView: view,
    preflightRules: (d) => [...relaxed(d.fields.project), ...costCodeRules(d)],
    assignments: costCodes.flatMap((c) => c.costTypes.map((costType) => ({ code: c.code, costType }))),
  };
  subject.facts = {
    kind: 'project',
    active: project.active,
    missingJobFields: stage === 'send' ? missingJobFields(subject, description) : [],
  };
  return subject;
}

/** Required job fields (except the job number, chosen at accept) the project leaves blank. */
function missingJobFields(
  subject: SendSubject,
  description: ConnectorDescription,
): { path: string; label: string; filledBy: 'template' | 'connection' }[] {
  const view = subject.preflightView as Record<string, unknown>;
  return subject
    .preflightRules(description)
    .filter((r) => r.required && r.path !== 'jobNumber' && !r.path.includes('.') && !r.path.includes('[]'))
    .filter((r) => view[r.path] === null || view[r.path] === undefined || view[r.path] === '')
    .map((r) => ({
      path: r.path,
      label: r.label,
      filledBy: templateFillable.has(r.path) ? ('template' as const) : ('connection' as const),
    }));
}
