import type { Kysely, Selectable } from 'kysely';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { releaseErpKeys } from './erp-key-reservations.ts';

/**
 * What a record gets back when its request ends without reaching the ERP (retrieved or rejected): the
 * ERP keys reserved for it and not written under, its cost-code assignments are no longer on their way,
 * and a budget is unlocked for changes.
 */
export async function releaseRecord(
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  at: Date,
): Promise<void> {
  await releaseErpKeys(trx, request.id);
  if (request.kind === 'project' || request.kind === 'cost_codes') {
    await trx
      .updateTable('project_cost_codes')
      .set({ erp_status: 'not_sent' })
      .where('project_id', '=', request.subject_id)
      .where('erp_status', '=', 'pending')
      .execute();
  }
  if (request.kind === 'budget') {
    await trx
      .updateTable('budgets')
      .set((eb) => ({ locked: 0, version: eb('version', '+', 1), updated_at: at.toISOString() }))
      .where('project_id', '=', request.subject_id)
      .execute();
  }
}
