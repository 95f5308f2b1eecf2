import type { QueueRow } from './queue-queries.ts';

type Problem = QueueRow['preflight']['problems'][number];
const isError = (p: Problem) => p.severity !== 'warning';

/** "Ready" / "2 warnings" / "1 error: will fail" (S2's Preflight column). */
export function preflightSummary(preflight: QueueRow['preflight']): string {
  const errors = preflight.problems.filter(isError).length;
  const warnings = preflight.problems.length - errors;
  if (errors > 0) return `${errors} ${errors === 1 ? 'error' : 'errors'}: will fail`;
  if (warnings > 0) return `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
  return 'Ready';
}

export const hasPreflightErrors = (preflight: QueueRow['preflight']) => preflight.problems.some(isError);

/** The preflight problems, errors first ("Will fail because …"), then warnings; `message` verbatim. */
export function PreflightProblems({ preflight, erp }: { preflight: QueueRow['preflight']; erp: string }) {
  const errors = preflight.problems.filter(isError);
  const warnings = preflight.problems.filter((p) => !isError(p));
  if (errors.length === 0 && warnings.length === 0)
    return <p className="text-sm text-green-800">Ready to export to {erp}</p>;
  return (
    <div className="space-y-2 text-sm">
      {errors.length > 0 && (
        <div className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">
          <p className="font-medium">Will fail because:</p>
          <ul className="ml-5 list-disc">
            {errors.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                {p.path && <span className="font-medium">{p.path}: </span>}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="rounded-md border border-yellow-200 bg-yellow-50 p-3 text-yellow-900">
          <p className="font-medium">Warnings:</p>
          <ul className="ml-5 list-disc">
            {warnings.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                {p.path && <span className="font-medium">{p.path}: </span>}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
