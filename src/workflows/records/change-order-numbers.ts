import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { duplicateNumber } from './commitments/rules.ts';

export async function assertNumberFree(
  trx: Kysely<DB>,
  commitmentId: string,
  number: string,
  exceptId?: string,
): Promise<void> {
  let query = trx
    .selectFrom('change_orders')
    .select('id')
    .where('commitment_id', '=', commitmentId)
    .where('number', '=', number);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw duplicateNumber('Change order', number, 'commitment');
}

export const duplicateOf = (number: string | undefined) =>
  number === undefined ? undefined : duplicateNumber('Change order', number, 'commitment');
