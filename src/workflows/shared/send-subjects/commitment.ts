import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { invalidState } from '../../../domain/errors.ts';
import { formatMoney, sumMoney } from '../../../domain/money.ts';
import { loadLines } from '../commitments/lines.ts';
import { retentionPercentOf } from '../commitments/retention.ts';
import { loadCommitmentRow } from '../commitments/rows.ts';
import type { CommitmentLine } from '../commitments/types.ts';
import { loadProjectRow } from '../projects.ts';
import { loadVendorRow } from '../vendors.ts';
import type { SendSubject, SubjectRef } from './index.ts';
import { unsyncedPairs } from './unsynced-pairs.ts';

/** A commitment not yet in the ERP; from then on the ERP owns it. */
export async function commitmentSubject(
  db: Kysely<DB>,
  ref: Extract<SubjectRef, { kind: 'commitment' }>,
): Promise<SendSubject> {
  const project = await loadProjectRow(db, ref.companyId, ref.projectId);
  const { commitment, vendor } = await commitmentRows(db, ref);
  if (commitment.synced_snapshot !== null)
    throw invalidState('The commitment is in the ERP, which owns it from now on');
  const lines = await loadLines(db, 'commitment_lines', commitment.id);
  const jobNumber = project.erp_job_number ?? project.number;
  const vendorCode = vendor.erp_vendor_code ?? vendor.vendor_code;
  return {
    kind: 'commitment',
    subjectId: commitment.id,
    label: `${commitment.number} ${commitment.title}`,
    update: false,
    snapshot: {
      id: commitment.id,
      projectId: project.id,
      jobNumber,
      type: commitment.type,
      number: commitment.number,
      title: commitment.title,
      status: commitment.status,
      retentionPercent: retentionPercentOf(commitment.retention_basis_points),
      vendor: { id: vendor.id, name: vendor.name, vendorCode },
      lines: snapshotLines(lines),
      total: formatMoney(sumMoney(lines.map((l) => l.amount))),
    },
    requestedUpdates: null,
    facts: {
      kind: 'commitment',
      projectSynced: project.synced_snapshot !== null,
      vendorSynced: vendor.synced_snapshot !== null,
      vendorName: vendor.name,
      status: commitment.status,
      lineCount: lines.length,
      unsyncedPairs: await unsyncedPairs(db, project.id, lines),
    },
    preflightView: {
      jobNumber,
      vendorCode,
      number: commitment.number,
      title: commitment.title,
      // As the ERP receives it (`7.5`), for its format rule.
      retentionPercent:
        commitment.retention_basis_points === null
          ? null
          : String(retentionPercentOf(commitment.retention_basis_points)),
      lines: writeLines(lines),
    },
    preflightRules: (d) => d.fields.commitment,
    assignments: [],
  };
}

/** A commitment of the project, with its vendor. */
export async function commitmentRows(
  db: Kysely<DB>,
  ref: { companyId: string; projectId: string; commitmentId: string },
) {
  const commitment = await loadCommitmentRow(db, ref.companyId, ref.commitmentId, ref.projectId);
  const vendor = await loadVendorRow(db, ref.companyId, commitment.vendor_id);
  return { commitment, vendor };
}

/** Lines as the approver reviews them: amounts as decimal strings. */
export const snapshotLines = (lines: CommitmentLine[]) =>
  lines.map((l) => ({ ...l, amount: formatMoney(l.amount) }));

/** Lines in the connector's write model. */
export const writeLines = (lines: CommitmentLine[]) =>
  lines.map((l) => ({
    code: l.costCode,
    costType: l.costType,
    amount: l.amount,
    description: l.description ?? undefined,
  }));
