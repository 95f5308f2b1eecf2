import { type Kysely, sql } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

interface RequestRow {
  id: string;
  company_id: string;
  kind: string;
  subject_id: string;
  status: string;
  snapshot: string;
  accept_options: string | null;
  claimed_key: string | null;
  claimed_at: string | null;
  updated_at: string;
}

/**
 * Durable reservations of the ERP keys exports write (issue 13): a job number, a new vendor's code, a
 * subcontract number on its vendor, each unique by constraint and held by the record it is for. Two
 * accepts can no longer both pass a read-then-write check; a key is released when its request ends
 * without writing, and kept once an export claimed it (it is then the record's in the ERP).
 *
 * - the claims of `erp_export_claims` become reservations with their claim time;
 * - exports under way (or failed, to be retried) reserve the keys they will write; a key two of them
 *   share stays with the one that claimed it, else the older; the other's claim will fail and say so;
 * - synced commitments hold their subcontract numbers (Spectrum has no read of subcontracts, so ours
 *   is the only record of them);
 * - `erp_requests.vendor_code`, where accepts looked codes up, gives way to the reservations;
 * - `erp_requests.waiting_since`: when an export began waiting for an ERP that is not connected.
 */
export function erpKeyReservations(caps: Capabilities) {
  const { timestamp } = caps.types;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('erp_key_reservations')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.references('erp_requests.id'))
        .addColumn('written_at', timestamp)
        .addPrimaryKeyConstraint('erp_key_reservations_pk', ['company_id', 'kind', 'scope', 'key'])
        .execute();
      await db.schema
        .createIndex('erp_key_reservations_request')
        .on('erp_key_reservations')
        .column('request_id')
        .execute();

      const { rows } = await sql<RequestRow>`
        select r.id, r.company_id, r.kind, r.subject_id, r.status, r.snapshot, r.accept_options,
               c.key as claimed_key, c.claimed_at, r.updated_at
          from erp_requests r left join erp_export_claims c on c.request_id = r.id
         where (r.kind in ('project', 'vendor') and r.status in ('exporting', 'failed'))
            or (r.kind = 'commitment' and r.status = 'synced')
         order by c.claimed_at is null, r.updated_at`.execute(db);
      for (const row of rows) {
        const reservation = reservationOf(row);
        if (!reservation) continue;
        await sql`
          insert into erp_key_reservations
                 (company_id, kind, scope, key, subject_id, request_id, written_at)
          values (${row.company_id}, ${reservation.kind}, ${reservation.scope}, ${reservation.key},
                  ${row.subject_id}, ${row.id}, ${reservation.writtenAt})
          on conflict do nothing`.execute(db);
      }

      await db.schema.dropTable('erp_export_claims').execute();
      await db.schema.dropIndex('erp_requests_vendor_code').execute();
      await db.schema.alterTable('erp_requests').dropColumn('vendor_code').execute();
      await db.schema.alterTable('erp_requests').addColumn('waiting_since', timestamp).execute();
    },
  };
}

function reservationOf(row: RequestRow) {
  const options = row.accept_options ? (JSON.parse(row.accept_options) as Record<string, unknown>) : {};
  if (row.kind === 'project' && typeof options.jobNumber === 'string') {
    const writtenAt = row.claimed_key === options.jobNumber ? row.claimed_at : null;
    return { kind: 'job', scope: '', key: options.jobNumber, writtenAt };
  }
  if (row.kind === 'vendor' && options.isNew && typeof options.vendorCode === 'string') {
    const writtenAt = row.claimed_key === options.vendorCode ? row.claimed_at : null;
    return { kind: 'vendor', scope: '', key: options.vendorCode, writtenAt };
  }
  if (row.kind === 'commitment') {
    const snapshot = JSON.parse(row.snapshot) as { number: string; vendor: { vendorCode: string } };
    return {
      kind: 'subcontract',
      scope: snapshot.vendor.vendorCode,
      key: snapshot.number,
      writtenAt: row.updated_at,
    };
  }
  return undefined;
}
