import type { Kysely, OnConflictBuilder, Selectable } from 'kysely';
import type { DB, ErpKeyKind, ErpRequestsTable } from '../../db/schema.ts';
import { vendorCodeCandidates } from '../../domain/vendor-code.ts';

/**
 * The ERP keys an export writes are reserved for its record by a unique constraint, in the accept's
 * transaction (issue 13): of two accepts taking one key at once, the second finds it held, on SQLite
 * as on PostgreSQL (where it waits for the first to commit). A reservation not yet written under is
 * released when its request ends before writing (rejected, retrieved, failed); once claimed
 * (`written_at`, set before the first write) it stays the record's: the ERP may hold it.
 */
export interface ErpKey {
  kind: ErpKeyKind;
  /** What the key is unique within: the vendor code of a subcontract number, else ''. */
  scope?: string;
  key: string;
}

/**
 * Reserves the key for the request's record: true when it is the record's now (new, or held by an
 * earlier request of the same record, whose claim then passes to this one), false when another record
 * holds it.
 */
export async function reserveErpKey(
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  { kind, scope = '', key }: ErpKey,
): Promise<boolean> {
  const held = await trx
    .insertInto('erp_key_reservations')
    .values({
      company_id: request.company_id,
      kind,
      scope,
      key,
      subject_id: request.subject_id,
      request_id: request.id,
      written_at: null,
    })
    .onConflict((oc) => keepingOwnKey(oc, request))
    .returning('subject_id')
    .executeTakeFirst();
  return held !== undefined;
}

/** A key the record already holds passes to the request; one another record holds is left as it is. */
const keepingOwnKey = (
  oc: OnConflictBuilder<DB, 'erp_key_reservations'>,
  request: Selectable<ErpRequestsTable>,
) =>
  oc
    .columns(['company_id', 'kind', 'scope', 'key'])
    .doUpdateSet({ request_id: (eb) => eb.ref('excluded.request_id') })
    .where('erp_key_reservations.subject_id', '=', request.subject_id);

/**
 * Claims the subcontract number a commitment export is about to write, before its first ERP call: a
 * subcontract stored by an export that then fails (a refused line) keeps its number in the ERP, so the
 * failure must not release it to another record.
 */
export async function claimSubcontractNumber(db: Kysely<DB>, requestId: string, at: Date): Promise<void> {
  await db
    .updateTable('erp_key_reservations')
    .set({ written_at: at.toISOString() })
    .where('request_id', '=', requestId)
    .where('kind', '=', 'subcontract')
    .where('written_at', 'is', null)
    .execute();
}

/**
 * Releases the keys the request reserved and no export of it claimed; the claimed ones stay its record's,
 * held by no request (so a request holds at most one key of a kind, the one its export creates).
 */
export async function releaseErpKeys(trx: Kysely<DB>, requestId: string): Promise<void> {
  await trx
    .deleteFrom('erp_key_reservations')
    .where('request_id', '=', requestId)
    .where('written_at', 'is', null)
    .execute();
  await trx
    .updateTable('erp_key_reservations')
    .set({ request_id: null })
    .where('request_id', '=', requestId)
    .execute();
}

/**
 * Which of `codes` the ERP has (as the last sync saw it) or another record holds: one statement, so one
 * snapshot (an export recording a vendor moves nothing out of the reservations).
 */
async function vendorCodesTaken(
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  codes: string[],
): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('erp_vendors')
    .select('vendor_code as key')
    .where('company_id', '=', request.company_id)
    .where('vendor_code', 'in', codes)
    .unionAll(
      trx
        .selectFrom('erp_key_reservations')
        .select('key')
        .where('company_id', '=', request.company_id)
        .where('kind', '=', 'vendor')
        .where('scope', '=', '')
        .where('key', 'in', codes)
        .where('subject_id', '!=', request.subject_id),
    )
    .execute();
  return new Set(rows.map((row) => row.key));
}

/**
 * Reserves `code` unless the ERP has it (as the last sync saw it) or another record holds it: one
 * statement, the usual accept's (a code proposed, or the first derived from a name, is seldom taken).
 */
async function reserveFreeVendorCode(
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  code: string,
): Promise<boolean> {
  const held = await trx
    .insertInto('erp_key_reservations')
    .columns(['company_id', 'kind', 'scope', 'key', 'subject_id', 'request_id'])
    .expression(
      trx
        .selectNoFrom((eb) => [
          eb.val(request.company_id).as('company_id'),
          eb.val('vendor').as('kind'),
          eb.val('').as('scope'),
          eb.val(code).as('key'),
          eb.val(request.subject_id).as('subject_id'),
          eb.val(request.id).as('request_id'),
        ])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('erp_vendors')
                .select('vendor_code')
                .where('company_id', '=', request.company_id)
                .where('vendor_code', '=', code),
            ),
          ),
        ),
    )
    .onConflict((oc) => keepingOwnKey(oc, request))
    .returning('subject_id')
    .executeTakeFirst();
  return held !== undefined;
}

/** Candidates looked up together when deriving a vendor code, once the first is taken. */
const candidatesPerLookup = 10;

/**
 * Reserves the vendor code a new vendor's export will create: the proposed one (undefined when the ERP
 * has it or another record holds it), else the first derived from the name that is free.
 */
export async function reserveVendorCode(
  trx: Kysely<DB>,
  request: Selectable<ErpRequestsTable>,
  proposed: { code?: string; name: string; maxLength: number },
): Promise<string | undefined> {
  if (proposed.code !== undefined)
    return (await reserveFreeVendorCode(trx, request, proposed.code)) ? proposed.code : undefined;
  const candidates = vendorCodeCandidates(proposed.name, proposed.maxLength);
  const first = candidates.next().value;
  if (await reserveFreeVendorCode(trx, request, first)) return first;
  for (;;) {
    const page = Array.from({ length: candidatesPerLookup }, () => candidates.next().value);
    const taken = await vendorCodesTaken(trx, request, page);
    for (const code of page) {
      // A free code can still be taken by an accept committing meanwhile: then the next one.
      if (!taken.has(code) && (await reserveErpKey(trx, request, { kind: 'vendor', key: code }))) return code;
    }
  }
}
