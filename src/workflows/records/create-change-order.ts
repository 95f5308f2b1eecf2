import { newId } from '../../db/ids.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { replaceLines } from '../shared/commitments/lines.ts';
import { presentRecord } from '../shared/commitments/present.ts';
import { loadCommitmentRow, unsentRecordColumns } from '../shared/commitments/rows.ts';
import type { ChangeOrder } from '../shared/commitments/types.ts';
import { type ChangeOrderFields, type ChangeOrderScope, changeOrderColumns } from './change-order-fields.ts';
import { assertNumberFree, duplicateOf } from './change-order-numbers.ts';
import { transactionRefusingDuplicates } from './commitments/rules.ts';
import { loadChangeOrder } from './commitments/views.ts';
import { assertExactTotal, assertKnownPairs } from './cost-lines.ts';

/**
 * A change order may be created whatever the state of its commitment: one waiting for ERP approval or
 * synced with the ERP takes change orders as usual (each goes to the ERP on its own).
 */
export async function createChangeOrder(
  ctx: WorkflowContext,
  props: ChangeOrderScope & { fields: ChangeOrderFields },
): Promise<ChangeOrder> {
  const now = ctx.clock.now();
  const id = newId();
  const { fields } = props;
  assertExactTotal(fields.lines);
  return transactionRefusingDuplicates(ctx.database, duplicateOf(fields.number), async (trx) => {
    const commitment = await loadCommitmentRow(trx, props.companyId, props.commitmentId, props.projectId);
    await assertKnownPairs(trx, props.companyId, fields.lines);
    await assertNumberFree(trx, commitment.id, fields.number);
    await trx
      .insertInto('change_orders')
      .values({
        id,
        company_id: props.companyId,
        project_id: commitment.project_id,
        commitment_id: commitment.id,
        number: fields.number,
        title: fields.title,
        description: null,
        status: fields.status,
        ...changeOrderColumns(fields),
        ...unsentRecordColumns(props.actor.userId, now.toISOString()),
      })
      .execute();
    await replaceLines(trx, 'change_order_lines', id, fields.lines);
    const changeOrder = await loadChangeOrder(trx, props.companyId, commitment.id, id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'change_order.created',
      subjectType: 'change_order',
      subjectId: id,
      after: presentRecord(changeOrder),
      at: now,
    });
    return changeOrder;
  });
}
