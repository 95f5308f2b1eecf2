import { useState } from 'react';
import type { FieldValues, UseFormSetError } from 'react-hook-form';
import type { ProblemError } from '../../api/client.ts';
import { applySaveError } from '../records/api-errors.ts';
import { type CostLine, splitLineErrors } from './cost-lines.ts';

/**
 * The lines of a commitment or change order form and its save: line findings of a failed save go to the
 * lines, the rest to the form's fields (`applySaveError`) or to the message above the form.
 */
export function useLinesSave<T extends FieldValues>(
  initial: readonly CostLine[] | undefined,
  setError: UseFormSetError<T>,
  fields: readonly string[],
) {
  const [lines, setLines] = useState<CostLine[]>(() => [...(initial ?? [])]);
  const [lineErrors, setLineErrors] = useState<ProblemError[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const save = async (send: (lines: CostLine[]) => Promise<unknown>) => {
    setMessage(null);
    setLineErrors([]);
    try {
      await send(lines);
    } catch (error) {
      const split = splitLineErrors(error);
      setLineErrors(split.lineErrors);
      setMessage(
        split.rest === undefined
          ? 'Check the lines: the problems are listed above them.'
          : (applySaveError(split.rest, setError, fields) ?? null),
      );
    }
  };
  return { lines, setLines, lineErrors, message, clearMessage: () => setMessage(null), save };
}
