import type { Kysely, Selectable } from 'kysely';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { invalidState, notFound, versionConflict } from '../../domain/errors.ts';
import type { ErpRequestStatus } from '../../domain/lifecycle.ts';
import { updateVersioned } from '../shared/update-versioned.ts';

/**
 * The request an approver acts on, in the action's transaction: of this company, at the version the
 * approver saw, and in a status the action allows.
 */
export async function loadRequestForAction(
  trx: Kysely<DB>,
  props: {
    companyId: string;
    requestId: string;
    version?: number;
    allowed: ErpRequestStatus[];
    action: string;
  },
): Promise<Selectable<ErpRequestsTable>> {
  const row = await trx
    .selectFrom('erp_requests')
    .selectAll()
    .where('company_id', '=', props.companyId)
    .where('id', '=', props.requestId)
    .executeTakeFirst();
  if (!row) throw notFound('ERP request');
  if (props.version !== undefined && row.version !== props.version) throw versionConflict();
  if (!props.allowed.includes(row.status)) {
    throw invalidState(`A ${row.status.replaceAll('_', ' ')} request cannot be ${props.action}`);
  }
  return row;
}

/** Moves the request on, only from the version read: of two approvers racing, exactly one wins. */
export async function advanceRequest(
  trx: Kysely<DB>,
  row: Selectable<ErpRequestsTable>,
  set: Partial<
    Pick<
      ErpRequestsTable,
      'status' | 'accept_options' | 'vendor_code' | 'preflight' | 'error' | 'result' | 'attempts'
    >
  >,
  at: Date,
): Promise<number> {
  return updateVersioned(trx, 'erp_requests', row, set, at);
}
