import type { ReactNode } from 'react';

/** One sentence saying what will appear here and how (UI.md §6, copy rule 5). */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-gray-300 p-6 text-center text-gray-700">
      {children}
    </p>
  );
}
