/**
 * What the writes make of SDX's answers: a refusal that names a Spectrum column becomes one that names
 * our field, and a stored record's remarks become the write's warnings.
 */
import { RejectedErpError, type WriteResult } from '../connector.ts';
import { columnPaths, type WriteContext } from './rules.ts';
import { isRefusalAfterRetry, type SdxBatch } from './sdx-client.ts';
import { formatDate } from './values.ts';

/**
 * Turns the client's refusal (which names a Spectrum column) into ours (which names our field, see
 * `columnPaths`), saying which record it was about; `explain` may say what the refusal means for us.
 */
export function refused(
  context: WriteContext,
  about: string,
  explain?: (error: RejectedErpError) => string | undefined,
) {
  return (error: unknown): never => {
    if (!(error instanceof RejectedErpError)) throw error;
    const column = error.field;
    const path = column ? (columnPaths[context] as Record<string, string>)[column] : undefined;
    const where = path || !column ? about : `${about}, Spectrum column ${column}`;
    const meaning = explain?.(error);
    throw new RejectedErpError(
      `${error.message} (${where}${meaning ? `: ${meaning}` : ''})`,
      path,
      error.erpCode,
    );
  };
}

/** Spectrum's answer to a second add of an existing key (add-only services) *(our profile)*. */
export const isAlreadyThere = (error: unknown, column: string): error is RejectedErpError =>
  error instanceof RejectedErpError &&
  error.erpCode === 'I' &&
  error.field === column &&
  /already exists/i.test(error.message);

/**
 * An add-only service's "already exists" that answers our own create: the export claimed the key before
 * its first write (an earlier run may have stored the record), or this very call was sent again after
 * an attempt whose outcome is unknown (ERP.md §1).
 */
export const isOurOwnAdd = (error: unknown, column: string, claimed: boolean): boolean =>
  isAlreadyThere(error, column) && (claimed || isRefusalAfterRetry(error));

/** A write's result: the ERP's ids, and Spectrum's warnings on what it stored, if it had any. */
export function written(sdx: SdxBatch, erpIds: Record<string, string>, warnings: string[] = []): WriteResult {
  const all = [...sdx.warnings, ...warnings];
  return all.length > 0 ? { erpIds, warnings: all } : { erpIds };
}

export function sdxDate(iso: string | undefined, path: string): string {
  if (!iso) return '';
  const date = formatDate(iso);
  if (date === undefined) throw new RejectedErpError(`${iso} is not a date (YYYY-MM-DD)`, path);
  return date;
}
