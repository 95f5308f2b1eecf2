import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { FieldRule } from '../../../domain/preflight.ts';
import type { ConnectorDescription } from '../../../erp/connector.ts';
import { listProjectCostCodes } from '../project-cost-codes.ts';
import { loadProjectRow } from '../projects.ts';
import type { SendSubject, SubjectRef } from './index.ts';

/** The ERP's rules for cost codes, at their place in a view's `costCodes` list. */
export const costCodeRules = (d: ConnectorDescription): FieldRule[] =>
  d.fields.cost_codes.map((r) => ({ ...r, path: `costCodes[].${r.path}` }));

/** A project's cost-code assignments the ERP does not have yet. */
export async function costCodesSubject(
  db: Kysely<DB>,
  { companyId, projectId }: Extract<SubjectRef, { kind: 'cost_codes' }>,
): Promise<SendSubject> {
  const project = await loadProjectRow(db, companyId, projectId);
  const codes = await listProjectCostCodes(db, companyId, projectId);
  const updates = codes.flatMap((c) => {
    // Pending assignments are this request's own (at accept, the rules are checked again).
    const fresh = c.costTypes.filter((t) => t.erpStatus !== 'synced').map((t) => t.code);
    if (fresh.length === 0) return [];
    const codeInErp = c.costTypes.some((t) => t.erpStatus === 'synced');
    return [{ code: c.code, description: c.description, costTypes: fresh, codeInErp }];
  });
  return {
    kind: 'cost_codes',
    subjectId: projectId,
    label: `${project.erp_job_number ?? project.number ?? project.name} cost codes`,
    update: true,
    snapshot: { projectId, jobNumber: project.erp_job_number, costCodes: updates },
    requestedUpdates: { costCodes: updates },
    facts: {
      kind: 'cost_codes',
      projectSynced: project.synced_snapshot !== null,
      newAssignments: updates.reduce((n, u) => n + u.costTypes.length, 0),
    },
    preflightView: { costCodes: updates.map(({ codeInErp: _, ...u }) => u) },
    preflightRules: costCodeRules,
    assignments: updates.flatMap((u) => u.costTypes.map((costType) => ({ code: u.code, costType }))),
  };
}
