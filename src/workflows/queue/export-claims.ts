import type DataLoader from 'dataloader';
import type { CreateClaim } from '../../erp/connector.ts';
import type { WorkflowContext } from '../context.ts';
import type { ExportOptions } from './export-options.ts';

/** A claim to record: the request and the key it reserves. */
export interface ClaimWrite {
  requestId: string;
  key: string;
}

/**
 * The export's claim on the key it creates (a job number, a new vendor's code): committed before the
 * first write under the key, so a run after a crash knows that a record found there is the one an
 * earlier run created (ERP.md §1). Claims asked for together are written by one statement (`claims`).
 */
export function createClaim(
  request: { id: string; claimed_key: string | null },
  options: ExportOptions,
  claims: DataLoader<ClaimWrite, undefined>,
): CreateClaim {
  const key =
    options.kind === 'project'
      ? options.jobNumber
      : options.kind === 'vendor' && options.isNew
        ? options.vendorCode
        : undefined;
  return {
    // A claim on another key (a retry with another job number) is no claim on this one.
    claimed: key !== undefined && request.claimed_key === key,
    async claim() {
      if (key !== undefined) await claims.load({ requestId: request.id, key });
    },
  };
}

/** The batch function of the claims loader (see createClaim). */
export async function writeClaims(ctx: WorkflowContext, claims: readonly ClaimWrite[]): Promise<undefined[]> {
  const claimed_at = ctx.clock.now().toISOString();
  // One row per request: two runs of one export (a lease that ran out) may claim in the same batch.
  const rows = new Map(
    claims.map(({ requestId, key }) => [requestId, { request_id: requestId, key, claimed_at }]),
  );
  await ctx.database.db
    .insertInto('erp_export_claims')
    .values([...rows.values()])
    .onConflict((oc) =>
      oc.column('request_id').doUpdateSet((eb) => ({
        key: eb.ref('excluded.key'),
        claimed_at: eb.ref('excluded.claimed_at'),
      })),
    )
    .execute();
  return claims.map(() => undefined);
}
