import { newId } from '../../db/ids.ts';
import type { Actor } from '../../domain/actor.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import { replaceLines } from '../shared/commitments/lines.ts';
import { presentRecord } from '../shared/commitments/present.ts';
import { unsentRecordColumns } from '../shared/commitments/rows.ts';
import type { Commitment } from '../shared/commitments/types.ts';
import { loadProjectRow } from '../shared/projects.ts';
import { assertKnownReferences, assertNumberFree, duplicateOf } from './commitment-checks.ts';
import { type CommitmentFields, commitmentColumns } from './commitment-fields.ts';
import { transactionRefusingDuplicates } from './commitments/rules.ts';
import { loadCommitment } from './commitments/views.ts';
import { assertExactTotal } from './cost-lines.ts';

export async function createCommitment(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; projectId: string; fields: CommitmentFields },
): Promise<Commitment> {
  const now = ctx.clock.now();
  const id = newId();
  const { fields } = props;
  assertExactTotal(fields.lines);
  const columns = commitmentColumns(fields);
  return transactionRefusingDuplicates(ctx.database, duplicateOf(fields.number), async (trx) => {
    const project = await loadProjectRow(trx, props.companyId, props.projectId);
    await assertKnownReferences(trx, props.companyId, fields);
    await assertNumberFree(trx, project.id, fields.number);
    await trx
      .insertInto('commitments')
      .values({
        id,
        company_id: props.companyId,
        project_id: project.id,
        type: fields.type,
        number: fields.number,
        title: fields.title,
        vendor_id: fields.vendorId,
        status: fields.status,
        retention_basis_points: null,
        ...columns,
        ...unsentRecordColumns(props.actor.userId, now.toISOString()),
      })
      .execute();
    await replaceLines(trx, 'commitment_lines', id, fields.lines);
    const commitment = await loadCommitment(trx, props.companyId, id);
    await recordAudit(trx, {
      companyId: props.companyId,
      actor: props.actor,
      action: 'commitment.created',
      subjectType: 'commitment',
      subjectId: id,
      after: presentRecord(commitment),
      at: now,
    });
    return commitment;
  });
}
