import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import { pageOf } from '../../db/paging.ts';
import type { CommitmentsTable, DB } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { AppError, type ProblemDetail, versionConflict } from '../../domain/errors.ts';
import type { Minor } from '../../domain/money.ts';
import type { WorkflowContext } from '../context.ts';
import { recordAudit } from '../shared/audit.ts';
import {
  assertExactTotal,
  assertNotSynced,
  type Commitment,
  type CommitmentSummary,
  type CommitmentType,
  duplicateNumber,
  loadCommitment,
  loadCommitmentRow,
  type RecordStatus,
  refusingDuplicates,
  replaceLines,
  retentionBasisPoints,
  toCommitment,
  toCommitmentSummaries,
} from '../shared/commitments.ts';
import { assertKnownPairs } from '../shared/cost-lines.ts';
import { loadProjectRow } from '../shared/projects.ts';
import { assertNotAwaitingErp } from '../shared/requests.ts';

/** A line as a project user enters it; the amount is in minor units. */
export interface LineInput {
  costCode: string;
  costType: string;
  amount: Minor;
  description?: string | null;
}

/** What a project user edits on a commitment (a subcontract or a purchase order). */
export interface CommitmentFields {
  type: CommitmentType;
  number: string;
  title: string;
  vendorId: string;
  status: RecordStatus;
  /** Percent, 0–100, at most two decimals. */
  retentionPercent?: number | null;
  lines: LineInput[];
}

type Columns = Partial<
  Pick<CommitmentsTable, 'type' | 'number' | 'title' | 'vendor_id' | 'status' | 'retention_basis_points'>
>;

function commitmentColumns(fields: Partial<CommitmentFields>): Columns {
  return {
    type: fields.type,
    number: fields.number,
    title: fields.title,
    vendor_id: fields.vendorId,
    status: fields.status,
    retention_basis_points: retentionBasisPoints(fields.retentionPercent),
  };
}

/**
 * The vendor must be in the company's directory and every line's cost code × cost type on the company's
 * lists; one 400 names every offending field.
 */
async function assertKnownReferences(
  trx: Kysely<DB>,
  companyId: string,
  fields: Partial<CommitmentFields>,
): Promise<void> {
  const problems: ProblemDetail[] = [];
  if (fields.vendorId !== undefined) {
    const vendor = await trx
      .selectFrom('vendors')
      .select('id')
      .where('company_id', '=', companyId)
      .where('id', '=', fields.vendorId)
      .executeTakeFirst();
    if (!vendor) problems.push({ path: 'vendorId', message: 'is not a vendor of the company' });
  }
  if (fields.lines !== undefined) {
    try {
      await assertKnownPairs(trx, companyId, fields.lines);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'validation_failed' && error.errors)) throw error;
      problems.push(...error.errors);
    }
  }
  if (problems.length) {
    const detail = problems
      .slice(0, 5)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ');
    throw new AppError('validation_failed', detail, problems);
  }
}

async function assertNumberFree(
  trx: Kysely<DB>,
  projectId: string,
  number: string,
  exceptId?: string,
): Promise<void> {
  let query = trx
    .selectFrom('commitments')
    .select('id')
    .where('project_id', '=', projectId)
    .where('number', '=', number);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw duplicateNumber('Commitment', number, 'project');
}

export async function createCommitment(
  ctx: WorkflowContext,
  props: { actor: Actor; companyId: string; projectId: string; fields: CommitmentFields },
): Promise<Commitment> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId();
  const { fields } = props;
  assertExactTotal(fields.lines);
  const columns = commitmentColumns(fields);
  const duplicate =
    fields.number === undefined ? undefined : duplicateNumber('Commitment', fields.number, 'project');
  return refusingDuplicates(ctx.database.caps, duplicate, () =>
    ctx.database.db.transaction().execute(async (trx) => {
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
          created_by: props.actor.userId,
          erp_ids: null,
          synced_snapshot: null,
          version: 1,
          created_at: at,
          updated_at: at,
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
        after: commitment,
        at: now,
      });
      return commitment;
    }),
  );
}

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
  const duplicate =
    fields.number === undefined ? undefined : duplicateNumber('Commitment', fields.number, 'project');
  return refusingDuplicates(ctx.database.caps, duplicate, () =>
    ctx.database.db.transaction().execute(async (trx) => {
      const row = await loadCommitmentRow(trx, props.companyId, props.commitmentId, props.projectId);
      if (row.version !== props.version) throw versionConflict();
      await assertNotAwaitingErp(trx, 'commitment', row.id);
      assertNotSynced(row, `Commitment ${row.number}`);
      await assertKnownReferences(trx, props.companyId, fields);
      if (fields.number !== undefined) await assertNumberFree(trx, row.project_id, fields.number, row.id);
      const before = await loadCommitment(trx, props.companyId, row.id);
      const updated = await trx
        .updateTable('commitments')
        .set({ ...columns, version: row.version + 1, updated_at: now.toISOString() })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) throw versionConflict();
      if (fields.lines !== undefined) await replaceLines(trx, 'commitment_lines', row.id, fields.lines);
      const after = await loadCommitment(trx, props.companyId, row.id);
      await recordAudit(trx, {
        companyId: props.companyId,
        actor: props.actor,
        action: 'commitment.updated',
        subjectType: 'commitment',
        subjectId: row.id,
        before,
        after,
        at: now,
      });
      return after;
    }),
  );
}

/** The project's commitments without their lines (with line count and total), oldest first, paged by id. */
export async function listCommitments(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; limit: number; cursor?: string },
): Promise<{ items: CommitmentSummary[]; nextCursor: string | null }> {
  await loadProjectRow(db, props.companyId, props.projectId);
  let query = db
    .selectFrom('commitments')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('project_id', '=', props.projectId)
    .orderBy('id')
    .limit(props.limit + 1);
  if (props.cursor) query = query.where('id', '>', props.cursor);
  const rows = await query.execute();
  const { page, nextCursor } = pageOf(rows, props.limit, (row) => row.id);
  return {
    items: await toCommitmentSummaries(db, page),
    nextCursor,
  };
}

/** The commitment with its lines, addressed through its project (404 when it is another project's). */
export async function getCommitment(
  db: Kysely<DB>,
  props: { companyId: string; projectId: string; commitmentId: string },
): Promise<Commitment> {
  return toCommitment(db, await loadCommitmentRow(db, props.companyId, props.commitmentId, props.projectId));
}
