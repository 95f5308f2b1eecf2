import type { Kysely, Selectable } from 'kysely';
import type { DB, ErpRequestsTable } from '../../db/schema.ts';
import { invalidState, notFound, versionConflict } from '../../domain/errors.ts';
import type { ErpRequestStatus } from '../../domain/lifecycle.ts';
import { cancelRequestCommands } from '../../erp/sage300/hub/command-store.ts';
import { updateVersioned } from '../shared/update-versioned.ts';

/**
 * The request an approver acts on, in the action's transaction: of this company, at the version the
 * approver saw, and in a status the action allows (`exporting` only while it waits for an ERP that is
 * not connected, where `stopsWaiting` says the action may stop it).
 */
export async function loadRequestForAction(
  trx: Kysely<DB>,
  props: {
    companyId: string;
    requestId: string;
    version?: number;
    allowed: ErpRequestStatus[];
    stopsWaiting?: boolean;
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
  const waiting = row.status === 'exporting' && row.waiting_since !== null;
  if (!props.allowed.includes(row.status) && !(waiting && props.stopsWaiting)) {
    throw invalidState(`A ${row.status.replaceAll('_', ' ')} request cannot be ${props.action}`);
  }
  return row;
}

/**
 * Moves the request on, only from the version read: of two approvers racing, exactly one wins. A waiting
 * export is stopped only while it still waits: its job may have just found the ERP back and be writing
 * (it clears `waiting_since` first, see export-erp-request.ts), and only while no command of it is out
 * at the Sage agent.
 */
export async function advanceRequest(
  trx: Kysely<DB>,
  row: Selectable<ErpRequestsTable>,
  set: Partial<
    Pick<ErpRequestsTable, 'status' | 'accept_options' | 'preflight' | 'error' | 'result' | 'attempts'>
  >,
  at: Date,
): Promise<number> {
  if (row.status !== 'exporting') return updateVersioned(trx, 'erp_requests', row, set, at);
  const stopped = await trx
    .updateTable('erp_requests')
    .set({ ...set, waiting_since: null, version: row.version + 1, updated_at: at.toISOString() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('waiting_since', 'is not', null)
    .executeTakeFirst();
  if (stopped.numUpdatedRows !== 1n)
    throw invalidState('The ERP is connected again: the export is under way');
  // What the export asked of a Sage agent that never received it is cancelled with it; a command the
  // agent has received may be in Sage already, so the request is not stopped under it.
  const { inFlight } = await cancelRequestCommands(trx, row.id, at);
  if (inFlight) throw invalidState('The Sage agent is writing this request now: it can no longer be stopped');
  return row.version + 1;
}
