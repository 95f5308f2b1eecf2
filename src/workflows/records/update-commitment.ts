import type { Actor } from '../../domain/actor.ts';
import { versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { auditedRecordEdit } from '../shared/audited-lines.ts';
import { replaceLines } from '../shared/commitments/lines.ts';
import { presentRecord } from '../shared/commitments/present.ts';
import { loadCommitmentRow } from '../shared/commitments/rows.ts';
import type { Commitment } from '../shared/commitments/types.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { updateVersioned } from '../shared/update-versioned.ts';
import { assertKnownReferences, assertNumberFree, duplicateOf } from './commitment-checks.ts';
import { type CommitmentFields, commitmentColumns } from './commitment-fields.ts';
import { assertNotSynced, transactionRefusingDuplicates } from './commitments/rules.ts';
import { loadCommitment } from './commitments/views.ts';
import { assertExactTotal } from './cost-lines.ts';

export interface UpdateCommitmentProps {
  actor: Actor;
  companyId: string;
  projectId: string;
  commitmentId: string;
  version: number;
  /** `lines`, when given, replace every line. */
  fields: Partial<CommitmentFields>;
}

export async function updateCommitment(
  ctx: WorkflowContext,
  props: UpdateCommitmentProps,
): Promise<Commitment> {
  const now = ctx.clock.now();
  const { fields } = props;
  assertExactTotal(fields.lines);
  const columns = commitmentColumns(fields);
  return transactionRefusingDuplicates(ctx.database, duplicateOf(fields.number), async (trx) => {
    // Locked, so that no export is recorded as synced between the checks below and the write.
    const row = await loadCommitmentRow(trx, props.companyId, props.commitmentId, props.projectId, {
      forUpdate: ctx.database.caps.rowLocks,
    });
    if (row.version !== props.version) throw versionConflict();
    await assertNotAwaitingErp(trx, 'commitment', row.id);
    assertNotSynced(row, `Commitment ${row.number}`);
    await assertKnownReferences(trx, props.companyId, fields);
    if (fields.number !== undefined) await assertNumberFree(trx, row.project_id, fields.number, row.id);
    const before = await loadCommitment(trx, props.companyId, row.id);
    await updateVersioned(trx, 'commitments', row, columns, now);
    if (fields.lines !== undefined) await replaceLines(trx, 'commitment_lines', row.id, fields.lines);
    const after = await loadCommitment(trx, props.companyId, row.id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'commitment.updated',
      subjectType: 'commitment',
      subjectId: row.id,
      ...auditedRecordEdit(presentRecord(before), presentRecord(after)),
      at: now,
    });
    return after;
  });
}
