import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** A commitment or change order line as the ERP keys it within its record; `item` '' for none. */
export interface LineKey {
  code: string;
  costType: string;
  item: string;
}

/**
 * Records the keys of the lines an export is about to write for a record, and answers the keys an
 * earlier export recorded that the record no longer has (removed, or moved to another cost code ×
 * type): the export writes those at zero, as the ERP deletes no line and would keep its amount.
 *
 * Our side cannot know which lines an export that failed half-way stored, so the keys are committed
 * (statements of their own, outside any transaction) before the export's first ERP call, and kept for
 * good: the table is then every key the ERP may hold for the record. A synced record is never sent
 * again, so forgetting its zeroed keys would save rows only.
 */
export async function recordLineKeys(db: Kysely<DB>, recordId: string, lines: LineKey[]): Promise<LineKey[]> {
  const recorded = await db
    .selectFrom('erp_written_lines')
    .select(['cost_code as code', 'cost_type as costType', 'item'])
    .where('record_id', '=', recordId)
    .execute();
  const known = new Set(recorded.map(keyOf));
  const current = new Map(lines.map((line) => [keyOf(line), line]));
  const unrecorded = [...current].filter(([key]) => !known.has(key)).map(([, line]) => line);
  for (let i = 0; i < unrecorded.length; i += insertBatch) {
    await db
      .insertInto('erp_written_lines')
      .values(
        unrecorded.slice(i, i + insertBatch).map((line) => ({
          record_id: recordId,
          cost_code: line.code,
          cost_type: line.costType,
          item: line.item,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return recorded.filter((line) => !current.has(keyOf(line)));
}

const insertBatch = 1000;

const keyOf = ({ code, costType, item }: LineKey) => JSON.stringify([code, costType, item]);
