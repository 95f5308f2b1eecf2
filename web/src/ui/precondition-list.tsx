import { type ReactNode, useEffect, useRef } from 'react';
import type { ProblemError } from '../api/client.ts';

export interface PreconditionListProps {
  /** "Spectrum" or "Sage 300 CRE". */
  erp: string;
  errors: ProblemError[];
  /** A link to where the rule named by `path` is fixed, or nothing to show the message alone. */
  linkFor?: (error: ProblemError) => ReactNode;
}

/**
 * A 422 `precondition_failed` from Send to ERP (UI.md S5): each `errors[].message` verbatim, linked to
 * its fix where one is known. An alert that takes focus, so the reason is read out at once.
 */
export function PreconditionList({ erp, errors, linkFor }: PreconditionListProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900 outline-none focus-visible:ring-2 focus-visible:ring-blue-700"
    >
      <p className="font-medium">Can't send to {erp} yet:</p>
      <ul className="mt-1 list-disc pl-5">
        {errors.map((error) => (
          <li key={`${error.path}:${error.message}`}>
            {error.message}
            {linkFor && <> {linkFor(error)}</>}
          </li>
        ))}
      </ul>
    </div>
  );
}
