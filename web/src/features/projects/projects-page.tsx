import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback } from 'react';
import { useApi } from '../../api/client.ts';
import { formatDate } from '../../format/dates.ts';
import type { ErpStatus } from '../../format/erp.ts';
import { StatusBadge } from '../../ui/badge.tsx';
import type { RecordListSearch } from '../records/list-search.ts';
import { type Column, RecordList } from '../records/record-list.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { type Project, projectsQuery } from './project-queries.ts';

/** S10: the company's projects, filtered by the API (A14), page by page. */
export function ProjectsPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/projects' });
  const search = useSearch({ from: '/signed-in/companies/$c/projects' });
  const navigate = useNavigate({ from: '/companies/$c/projects' });
  const { dates, can, erp } = useCompanyContext(c);
  const query = useInfiniteQuery(projectsQuery(useApi(), c, search));
  const onSearch = useCallback(
    (next: RecordListSearch) => navigate({ search: next, replace: true }),
    [navigate],
  );

  const columns: Column<Project>[] = [
    { header: 'Number', cell: (p) => p.number ?? '—' },
    {
      header: 'Name',
      cell: (p) => (
        <Link to="/companies/$c/projects/$p" params={{ c, p: p.id }} className="text-blue-800 underline">
          {p.name}
        </Link>
      ),
    },
    { header: 'Active', cell: (p) => (p.active ? 'Active' : 'Inactive') },
    { header: 'ERP status', cell: (p) => <StatusBadge status={p.erp.status as ErpStatus} /> },
    { header: 'ERP job', cell: (p) => p.erp.jobNumber ?? '—' },
    {
      header: 'Updated',
      cell: (p) => (
        <time dateTime={p.updatedAt} title={p.updatedAt}>
          {formatDate(p.updatedAt, dates)}
        </time>
      ),
    },
  ];

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Projects</h1>
        {can('editProjectRecords') && (
          <Link
            to="/companies/$c/projects/new"
            params={{ c }}
            className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
          >
            New project
          </Link>
        )}
      </div>
      <RecordList
        caption="Projects"
        columns={columns}
        query={query}
        rowKey={(p) => p.id}
        search={search}
        onSearch={onSearch}
        searchLabel="Find by name or number"
        empty={`No projects match. Projects appear here when someone creates one with New project or imports a job from ${erp}.`}
      />
    </section>
  );
}
