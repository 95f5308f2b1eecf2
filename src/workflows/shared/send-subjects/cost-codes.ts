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
  const inErp = await erpJobCosts(db, companyId, project.erp_job_number);
  const updates = codes.flatMap((c) => {
    // Pending assignments are this request's own (at accept, the rules are checked again).
    const fresh = c.costTypes.filter((t) => t.erpStatus !== 'synced').map((t) => t.code);
    if (fresh.length === 0) return [];
    const codeInErp = c.costTypes.some((t) => t.erpStatus === 'synced');
    return [{ code: c.code, description: c.description, costTypes: fresh, codeInErp }];
  });
  // What the approver sees beside each code (A12): the ERP's own description and the cost types it has.
  const requested = updates.map((u) => {
    const erp = inErp.get(u.code);
    const synced = codes.find((c) => c.code === u.code)?.costTypes.filter((t) => t.erpStatus === 'synced');
    const erpCostTypes = new Set([...(synced ?? []).map((t) => t.code), ...(erp?.costTypes ?? [])]);
    return { ...u, erpDescription: erp?.description ?? null, erpCostTypes: [...erpCostTypes].sort() };
  });
  return {
    kind: 'cost_codes',
    subjectId: projectId,
    label: `${project.erp_job_number ?? project.number ?? project.name} cost codes`,
    update: true,
    snapshot: { projectId, jobNumber: project.erp_job_number, costCodes: updates },
    requestedUpdates: { costCodes: requested },
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

/** The job's cost codes as the ERP mirror last saw them: description and cost types by code. */
async function erpJobCosts(
  db: Kysely<DB>,
  companyId: string,
  jobNumber: string | null,
): Promise<Map<string, { description: string; costTypes: string[] }>> {
  if (jobNumber === null) return new Map();
  const rows = await db
    .selectFrom('erp_job_costs')
    .select(['code', 'cost_type', 'description'])
    .where('company_id', '=', companyId)
    .where('job_number', '=', jobNumber)
    .orderBy('code')
    .orderBy('cost_type')
    .execute();
  const byCode = new Map<string, { description: string; costTypes: string[] }>();
  for (const row of rows) {
    const entry = byCode.get(row.code) ?? { description: row.description, costTypes: [] };
    entry.costTypes.push(row.cost_type);
    byCode.set(row.code, entry);
  }
  return byCode;
}
