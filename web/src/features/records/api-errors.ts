import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorDetail } from '../../api/client.ts';

export const versionConflictMessage = 'Someone else changed this. Reload to see their version';

/**
 * UI.md §3's one handler for a failed save: a 400/422's `errors[].path` lands on the form's field of that
 * name (the first one focused); what no field can show is returned as the message above the form.
 */
export function applySaveError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
): string | undefined {
  if (!(error instanceof ApiError)) return errorDetail(error);
  const { problem } = error;
  if (problem.status === 409 && problem.code === 'version_conflict') return versionConflictMessage;
  if (problem.status === 403) return `You don't have permission to change this. ${problem.detail}`;
  const unplaced: string[] = [];
  let focused = false;
  for (const item of problem.errors ?? []) {
    const path = item.path.replace(/^\/?body\//, '').replaceAll('/', '.');
    if (fields.includes(path)) {
      setError(path as Path<T>, { type: 'server', message: item.message }, { shouldFocus: !focused });
      focused = true;
    } else unplaced.push(item.message);
  }
  if (focused && unplaced.length === 0) return undefined;
  return [problem.detail, ...unplaced].join(' ');
}
