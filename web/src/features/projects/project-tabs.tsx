import { Link } from '@tanstack/react-router';

const tabClass =
  'border-b-2 border-transparent px-3 py-2 text-sm font-medium text-gray-700 hover:text-gray-900 aria-[current=page]:border-blue-700 aria-[current=page]:text-blue-900';

/** S11's tabs: each is its own route, so a tab has a URL (emails link to …/budget). */
export function ProjectTabs({ c, p }: { c: string; p: string }) {
  return (
    <nav aria-label="Project" className="flex gap-1 border-b border-gray-200">
      <Link
        to="/companies/$c/projects/$p"
        params={{ c, p }}
        activeOptions={{ exact: true }}
        className={tabClass}
      >
        Overview
      </Link>
      <Link to="/companies/$c/projects/$p/cost-codes" params={{ c, p }} className={tabClass}>
        Cost codes
      </Link>
      <Link to="/companies/$c/projects/$p/budget" params={{ c, p }} className={tabClass}>
        Budget
      </Link>
      <Link to="/companies/$c/projects/$p/commitments" params={{ c, p }} className={tabClass}>
        Commitments
      </Link>
    </nav>
  );
}
