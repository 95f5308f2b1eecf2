import type DataLoader from 'dataloader';
import { type CreateClaim, RejectedErpError } from '../../erp/connector.ts';
import type { WorkflowContext } from '../context.ts';
import type { ExportOptions } from './export-options.ts';

/** The create key reserved for a request's record at accept, and whether an export claimed it. */
export interface ReservedCreateKey {
  reserved_key: string | null;
  claimed_at: string | null;
}

/**
 * The export's claim on the key it creates (a job number, a new vendor's code): the key's reservation
 * (erp-key-reservations.ts) marked written before the first write under it, so a run after a crash knows
 * that a record found there is the one an earlier export of this record created (ERP.md §1). Claims
 * asked for together are written by one statement (`claims`).
 */
export function createClaim(
  request: { id: string } & ReservedCreateKey,
  options: ExportOptions,
  claims: DataLoader<string, undefined>,
): CreateClaim {
  const key =
    options.kind === 'project'
      ? options.jobNumber
      : options.kind === 'vendor' && options.isNew
        ? options.vendorCode
        : undefined;
  return {
    claimed: key !== undefined && request.reserved_key === key && request.claimed_at !== null,
    async claim() {
      if (key !== undefined) await claims.load(request.id);
    },
  };
}

/**
 * The batch function of the claims loader (see createClaim). A request whose reservation is gone (it was
 * not this request's when the export read it) gets a refusal: its key may be someone else's.
 */
export async function writeClaims(
  ctx: WorkflowContext,
  requestIds: readonly string[],
): Promise<(undefined | Error)[]> {
  const claimed = await ctx.database.db
    .updateTable('erp_key_reservations')
    .set({ written_at: ctx.clock.now().toISOString() })
    .where('request_id', 'in', [...new Set(requestIds)])
    .where('kind', 'in', ['job', 'vendor'])
    .returning('request_id')
    .execute();
  const held = new Set(claimed.map((row) => row.request_id));
  return requestIds.map((id) =>
    held.has(id)
      ? undefined
      : new RejectedErpError('The key to create is no longer reserved for this export'),
  );
}
