import { versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { auditedRecordEdit } from '../shared/audited-lines.ts';
import { replaceLines } from '../shared/commitments/lines.ts';
import { presentRecord } from '../shared/commitments/present.ts';
import { loadChangeOrderRow, loadCommitmentRow } from '../shared/commitments/rows.ts';
import type { ChangeOrder } from '../shared/commitments/types.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import { updateVersioned } from '../shared/update-versioned.ts';
import { type ChangeOrderFields, type ChangeOrderScope, changeOrderColumns } from './change-order-fields.ts';
import { assertNumberFree, duplicateOf } from './change-order-numbers.ts';
import { assertNotSynced, transactionRefusingDuplicates } from './commitments/rules.ts';
import { loadChangeOrder } from './commitments/views.ts';
import { assertExactTotal, assertKnownPairs } from './cost-lines.ts';

export interface UpdateChangeOrderProps extends ChangeOrderScope {
  changeOrderId: string;
  version: number;
  /** `lines`, when given, replace every line. */
  fields: Partial<ChangeOrderFields>;
}

export async function updateChangeOrder(
  ctx: WorkflowContext,
  props: UpdateChangeOrderProps,
): Promise<ChangeOrder> {
  const now = ctx.clock.now();
  const { fields } = props;
  assertExactTotal(fields.lines);
  return transactionRefusingDuplicates(ctx.database, duplicateOf(fields.number), async (trx) => {
    const commitment = await loadCommitmentRow(trx, props.companyId, props.commitmentId, props.projectId);
    // Locked, so that no export is recorded as synced between the checks below and the write.
    const row = await loadChangeOrderRow(trx, props.companyId, commitment.id, props.changeOrderId, {
      forUpdate: ctx.database.caps.rowLocks,
    });
    if (row.version !== props.version) throw versionConflict();
    await assertNotAwaitingErp(trx, 'change_order', row.id);
    assertNotSynced(row, `Change order ${row.number}`);
    if (fields.lines !== undefined) await assertKnownPairs(trx, props.companyId, fields.lines);
    if (fields.number !== undefined) await assertNumberFree(trx, commitment.id, fields.number, row.id);
    const before = await loadChangeOrder(trx, props.companyId, commitment.id, row.id);
    await updateVersioned(trx, 'change_orders', row, changeOrderColumns(fields), now);
    if (fields.lines !== undefined) await replaceLines(trx, 'change_order_lines', row.id, fields.lines);
    const after = await loadChangeOrder(trx, props.companyId, commitment.id, row.id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'change_order.updated',
      subjectType: 'change_order',
      subjectId: row.id,
      ...auditedRecordEdit(presentRecord(before), presentRecord(after)),
      at: now,
    });
    return after;
  });
}
