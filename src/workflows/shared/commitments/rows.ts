import type { Kysely, Selectable } from 'kysely';
import type { ChangeOrdersTable, CommitmentsTable, DB } from '../../../db/schema.ts';
import { notFound } from '../../../domain/errors.ts';

export async function loadCommitmentRow(
  db: Kysely<DB>,
  companyId: string,
  commitmentId: string,
  projectId?: string,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<Selectable<CommitmentsTable>> {
  let query = db
    .selectFrom('commitments')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', commitmentId);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound('Commitment');
  return row;
}

export async function loadChangeOrderRow(
  db: Kysely<DB>,
  companyId: string,
  commitmentId: string,
  changeOrderId: string,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<Selectable<ChangeOrdersTable>> {
  const query = db
    .selectFrom('change_orders')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('commitment_id', '=', commitmentId)
    .where('id', '=', changeOrderId);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound('Change order');
  return row;
}

/** The columns a new commitment or change order starts with: version 1, never sent to the ERP. */
export function unsentRecordColumns(createdBy: string, at: string) {
  return {
    created_by: createdBy,
    erp_ids: null,
    synced_snapshot: null,
    version: 1,
    created_at: at,
    updated_at: at,
  };
}
