import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { invalidState } from '../../../domain/errors.ts';
import { erpDisplayName } from '../../../domain/ordering-rules.ts';
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
  _description: ConnectorDescription,
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
  // A blank job field never blocks a send (PRODUCT.md §3 rule 1): the approver's template may fill it.
  // At send it is a warning; at accept the chosen template has filled what it can (see viewWithOptions)
  // and every required field is checked as it stands.
  const atSend = (rules: FieldRule[]) =>
    rules.map((r) =>
      stage === 'send' && r.required && isJobField(r)
        ? { ...r, blankWarning: blankJobField(r, erpDisplayName(company.erpSystem)) }
        : r,
    );
  return {
    kind: 'project',
    subjectId: projectId,
    label: project.number ? `${project.number} ${project.name}` : project.name,
    update: false,
    snapshot: { ...fields, costCodes },
    requestedUpdates: null,
    facts: { kind: 'project', active: project.active },
    preflightView: view,
    preflightRules: (d) => [...atSend(d.fields.project), ...costCodeRules(d)],
    assignments: costCodes.flatMap((c) => c.costTypes.map((costType) => ({ code: c.code, costType }))),
  };
}

/** A field of the job itself, not of an address or a cost code. */
const isJobField = (rule: FieldRule) => !rule.path.includes('.') && !rule.path.includes('[]');

/** What a blank job field will become: the approver's choice, the template's value or the connection's default. */
function blankJobField(rule: FieldRule, erpName: string): string {
  if (rule.path === 'jobNumber') return `${rule.label} is blank: the approver chooses it at accept`;
  return templateFillable.has(rule.path)
    ? `${rule.label} is blank: it will come from the job template chosen at accept`
    : `${rule.label} is blank: fill it in, or set its default in the company's ${erpName} connection, before the project is accepted`;
}
