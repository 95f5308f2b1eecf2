import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { pageOf } from '../../db/paging.ts';
import type { ChangeOrdersTable, DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { versionConflict } from '../../domain/errors.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import {
  assertExactTotal,
  assertNotSynced,
  type ChangeOrder,
  type ChangeOrderSummary,
  duplicateNumber,
  loadChangeOrder,
  loadChangeOrderRow,
  loadCommitmentRow,
  type RecordStatus,
  refusingDuplicates,
  replaceLines,
  toChangeOrderSummaries,
} from '../shared/commitments.ts';
import { assertKnownPairs } from '../shared/cost-lines.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';
import type { LineInput } from './commitments.ts';

/** What a project user edits on a commitment change order. */
export interface ChangeOrderFields {
  number: string;
  title: string;
  description?: string | null;
  status: RecordStatus;
  lines: LineInput[];
}

type Columns = Partial<Pick<ChangeOrdersTable, 'number' | 'title' | 'description' | 'status'>>;

function changeOrderColumns(fields: Partial<ChangeOrderFields>): Columns {
  return {
    number: fields.number,
    title: fields.title,
    description: fields.description,
    status: fields.status,
  };
}

async function assertNumberFree(
  trx: Kysely<DB>,
  commitmentId: string,
  number: string,
  exceptId?: string,
): Promise<void> {
  let query = trx
    .selectFrom('change_orders')
    .select('id')
    .where('commitment_id', '=', commitmentId)
    .where('number', '=', number);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw duplicateNumber('Change order', number, 'commitment');
}

const duplicateOf = (number: string | undefined) =>
  number === undefined ? undefined : duplicateNumber('Change order', number, 'commitment');

interface ChangeOrderScope {
  actor: Actor;
  companyId: string;
  projectId: string;
  commitmentId: string;
}

/**
 * A change order may be created whatever the state of its commitment: one waiting for ERP approval or
 * synced with the ERP takes change orders as usual (each goes to the ERP on its own).
 */
export async function createChangeOrder(
  ctx: WorkflowContext,
  props: ChangeOrderScope & { fields: ChangeOrderFields },
): Promise<ChangeOrder> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId();
  const { fields } = props;
  assertExactTotal(fields.lines);
  return refusingDuplicates(ctx.database.caps, duplicateOf(fields.number), () =>
    ctx.database.db.transaction().execute(async (trx) => {
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
          created_by: props.actor.userId,
          erp_ids: null,
          synced_snapshot: null,
          version: 1,
          created_at: at,
          updated_at: at,
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
        after: changeOrder,
        at: now,
      });
      return changeOrder;
    }),
  );
}

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
  return refusingDuplicates(ctx.database.caps, duplicateOf(fields.number), () =>
    ctx.database.db.transaction().execute(async (trx) => {
      const commitment = await loadCommitmentRow(trx, props.companyId, props.commitmentId, props.projectId);
      const row = await loadChangeOrderRow(trx, props.companyId, commitment.id, props.changeOrderId);
      if (row.version !== props.version) throw versionConflict();
      await assertNotAwaitingErp(trx, 'change_order', row.id);
      assertNotSynced(row, `Change order ${row.number}`);
      if (fields.lines !== undefined) await assertKnownPairs(trx, props.companyId, fields.lines);
      if (fields.number !== undefined) await assertNumberFree(trx, commitment.id, fields.number, row.id);
      const before = await loadChangeOrder(trx, props.companyId, commitment.id, row.id);
      const updated = await trx
        .updateTable('change_orders')
        .set({ ...changeOrderColumns(fields), version: row.version + 1, updated_at: now.toISOString() })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) throw versionConflict();
      if (fields.lines !== undefined) await replaceLines(trx, 'change_order_lines', row.id, fields.lines);
      const after = await loadChangeOrder(trx, props.companyId, commitment.id, row.id);
      await recordAudit(trx, {
        companyId: props.companyId,
        actor: props.actor,
        action: 'change_order.updated',
        subjectType: 'change_order',
        subjectId: row.id,
        before,
        after,
        at: now,
      });
      return after;
    }),
  );
}

/** The commitment's change orders without their lines (with line count and total), oldest first. */
export async function listChangeOrders(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; commitmentId: string; limit: number; cursor?: string },
): Promise<{ items: ChangeOrderSummary[]; nextCursor: string | null }> {
  const commitment = await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId);
  let query = db
    .selectFrom('change_orders')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('commitment_id', '=', commitment.id)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await toChangeOrderSummaries(db, page),
    nextCursor,
  };
}

/** The change order, through its commitment in the project (404 for any mismatch). */
export async function getChangeOrder(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; commitmentId: string; changeOrderId: string },
): Promise<ChangeOrder> {
  const commitment = await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId);
  return loadChangeOrder(db, props.companyId, commitment.id, props.changeOrderId);
}
