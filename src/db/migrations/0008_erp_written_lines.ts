import { type Kysely, sql } from 'kysely';

interface RequestRow {
  id: string;
  kind: 'commitment' | 'change_order';
  subject_id: string;
  snapshot: string;
}

interface SnapshotLine {
  costCode: string;
  costType: string;
  item?: number;
  commitmentItem?: number | null;
}

interface LineKey {
  recordId: string;
  costCode: string;
  costType: string;
  item: string;
}

/** Requests read, and keys written, per statement. */
const pageSize = 200;

/**
 * The line keys exports of commitments and change orders may have written in the ERP (issue 13
 * finding 9): Spectrum deletes nothing, so a line a re-sent record no longer has must be written at
 * zero, and from now on every export records its keys before writing. Backfilled from the snapshot of
 * every accepted request, not only the synced ones: an export that failed half-way before this
 * migration may have written lines too. The first release keyed a commitment line by its position
 * (a snapshot line without `item`) and a change order line by no subcontract line.
 */
export function erpWrittenLines() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('erp_written_lines')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('cost_code', 'text', (c) => c.notNull())
        .addColumn('cost_type', 'text', (c) => c.notNull())
        .addColumn('item', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('erp_written_lines_pk', ['record_id', 'cost_code', 'cost_type', 'item'])
        .execute();

      let after = '';
      for (;;) {
        const { rows } = await sql<RequestRow>`
          select id, kind, subject_id, snapshot from erp_requests
           where kind in ('commitment', 'change_order') and accept_options is not null and id > ${after}
           order by id
           limit ${pageSize}`.execute(db);
        if (rows.length === 0) break;
        after = rows.at(-1)!.id;
        const keys = rows.flatMap(lineKeys);
        for (let start = 0; start < keys.length; start += pageSize) {
          const values = keys
            .slice(start, start + pageSize)
            .map((k) => sql`(${k.recordId}, ${k.costCode}, ${k.costType}, ${k.item})`);
          await sql`
            insert into erp_written_lines (record_id, cost_code, cost_type, item)
            values ${sql.join(values)}
            on conflict do nothing`.execute(db);
        }
      }
    },
  };
}

function lineKeys(row: RequestRow): LineKey[] {
  const lines = (JSON.parse(row.snapshot) as { lines?: SnapshotLine[] }).lines ?? [];
  return lines.map((line, index) => ({
    recordId: row.subject_id,
    costCode: line.costCode,
    costType: line.costType,
    item: itemOf(row.kind, line, index),
  }));
}

function itemOf(kind: RequestRow['kind'], line: SnapshotLine, index: number): string {
  if (kind === 'commitment') return String(line.item ?? index + 1);
  return line.commitmentItem == null ? '' : String(line.commitmentItem);
}
