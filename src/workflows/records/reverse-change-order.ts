import { invalidState } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import type { ChangeOrder } from '../shared/commitments/types.ts';
import type { ChangeOrderScope } from './change-order-fields.ts';
import { createChangeOrder } from './create-change-order.ts';
import { getChangeOrder } from './get-change-order.ts';

/** A number beside the reversed one's that its commitment does not use yet: `CO1-R`, `CO1-R2`… */
async function freeNumber(ctx: WorkflowContext, scope: ChangeOrderScope, number: string): Promise<string> {
  const used = new Set(
    (
      await ctx.database.db
        .selectFrom('change_orders')
        .select('number')
        .where('commitment_id', '=', scope.commitmentId)
        .execute()
    ).map((row) => row.number),
  );
  for (let n = 1; ; n++) {
    const candidate = `${number.slice(0, 26)}-R${n === 1 ? '' : n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * The correction of a change order the ERP keeps for ever (Sage 300 CRE changes no saved commitment
 * change order): a new draft change order whose lines undo the synced one's, for the project manager to
 * review, approve and send; a second one then carries the right amounts.
 */
export async function reverseChangeOrder(
  ctx: WorkflowContext,
  props: ChangeOrderScope & { changeOrderId: string },
): Promise<ChangeOrder> {
  const original = await getChangeOrder(ctx.database.db, props);
  if (original.erp.status !== 'synced')
    throw invalidState(
      `Change order ${original.number} is not in the ERP: edit it instead (it is ${original.erp.status.replaceAll('_', ' ')})`,
    );
  return createChangeOrder(ctx, {
    ...props,
    fields: {
      number: await freeNumber(ctx, props, original.number),
      title: `Reverses ${original.number}`.slice(0, 200),
      description: `Reverses change order ${original.number} (${original.title})`,
      status: 'draft',
      lines: original.lines.map((line) => ({
        costCode: line.costCode,
        costType: line.costType,
        amount: -line.amount,
        description: `Reverses ${original.number}`,
      })),
    },
  });
}
