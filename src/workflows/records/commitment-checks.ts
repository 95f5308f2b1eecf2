import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, type ProblemDetail, validationFailed } from '../../domain/errors.ts';
import type { CommitmentFields } from './commitment-fields.ts';
import { duplicateNumber } from './commitments/rules.ts';
import { assertKnownPairs } from './cost-lines.ts';

/**
 * The vendor must be in the company's directory and every line's cost code × cost type on the company's
 * lists; one 400 names every offending field.
 */
export async function assertKnownReferences(
  trx: Kysely<DB>,
  companyId: string,
  fields: Partial<CommitmentFields>,
): Promise<void> {
  const problems: ProblemDetail[] = [];
  if (fields.vendorId !== undefined) {
    const vendor = await trx
      .selectFrom('vendors')
      .select('id')
      .where('company_id', '=', companyId)
      .where('id', '=', fields.vendorId)
      .executeTakeFirst();
    if (!vendor) problems.push({ path: 'vendorId', message: 'is not a vendor of the company' });
  }
  if (fields.lines !== undefined) {
    try {
      await assertKnownPairs(trx, companyId, fields.lines);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'validation_failed' && error.errors)) throw error;
      problems.push(...error.errors);
    }
  }
  if (problems.length) throw validationFailed(problems);
}

export async function assertNumberFree(
  trx: Kysely<DB>,
  projectId: string,
  number: string,
  exceptId?: string,
): Promise<void> {
  let query = trx
    .selectFrom('commitments')
    .select('id')
    .where('project_id', '=', projectId)
    .where('number', '=', number);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw duplicateNumber('Commitment', number, 'project');
}

export const duplicateOf = (number: string | undefined) =>
  number === undefined ? undefined : duplicateNumber('Commitment', number, 'project');
