import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useApi } from '../../api/client.ts';
import { projectQuery } from '../projects/project-queries.ts';
import { commitmentQuery } from './commitment-queries.ts';

const linkClass = 'text-blue-800 underline';

/** Where a commitment or change-order page sits: project › Commitments (› its commitment). */
export function CommitmentCrumbs({ c, p, k }: { c: string; p: string; k?: string }) {
  const api = useApi();
  const project = useQuery(projectQuery(api, c, p)).data;
  const commitment = useQuery({ ...commitmentQuery(api, c, p, k ?? ''), enabled: k !== undefined }).data;
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap gap-1 text-sm text-gray-700 [&>li+li]:before:mr-1 [&>li+li]:before:content-['›']">
        <li>
          <Link
            to="/companies/$c/projects/$p"
            params={{ c, p }}
            activeOptions={{ exact: true }}
            className={linkClass}
          >
            {project ? (project.number ? `${project.number} ${project.name}` : project.name) : 'Project'}
          </Link>
        </li>
        <li>
          <Link
            to="/companies/$c/projects/$p/commitments"
            params={{ c, p }}
            activeOptions={{ exact: true }}
            className={linkClass}
          >
            Commitments
          </Link>
        </li>
        {k !== undefined && (
          <li>
            <Link
              to="/companies/$c/projects/$p/commitments/$k"
              params={{ c, p, k }}
              activeOptions={{ exact: true }}
              className={linkClass}
            >
              {commitment ? commitment.number : 'Commitment'}
            </Link>
          </li>
        )}
      </ol>
    </nav>
  );
}
