import type { Transaction } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';
import { type AppError, invalidState } from '../../../domain/errors.ts';

/** The ERP owns a synced commitment or change order: it stays locked (PRODUCT.md §3). */
export function assertNotSynced(row: { synced_snapshot: string | null }, label: string): void {
  if (row.synced_snapshot !== null) {
    throw invalidState(`${label} is synced with the ERP, which owns it now: change it there`);
  }
}

export const duplicateNumber = (what: string, number: string, within: string) =>
  invalidState(`${what} ${number} already exists in this ${within}`, [
    {
      path: 'number',
      message: `${number} is already used by another ${what.toLowerCase()} of this ${within}`,
    },
  ]);

/**
 * Runs `work` in a transaction of its own. Two writers racing for one number: the unique index decides,
 * and the loser gets the same 409 as a writer who came second.
 */
export async function transactionRefusingDuplicates<T>(
  database: Database,
  duplicate: AppError | undefined,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  try {
    return await database.db.transaction().execute(work);
  } catch (error) {
    if (duplicate && database.caps.isUniqueViolation(error)) throw duplicate;
    throw error;
  }
}
