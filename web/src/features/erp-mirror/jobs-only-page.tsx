import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useMemo } from 'react';
import { unwrap, useApi } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { Badge } from '../../ui/badge.tsx';
import { dataTableColumns } from '../../ui/data-table.tsx';
import { DotIcon } from '../../ui/icons.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { LastSeen } from './last-seen.tsx';
import { MirrorPage } from './mirror-page.tsx';
import { type ErpJob, jobsOnlyInErpQuery, mirrorKeys, unsyncedProjectsQuery } from './mirror-queries.ts';

const jobStatuses: Record<ErpJob['status'], string> = {
  active: 'Active',
  inactive: 'Inactive',
  complete: 'Complete',
};

/** S7 `/companies/$c/erp/jobs?linked=false`: ERP jobs no project is linked to. */
export function JobsOnlyInErpPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/erp/jobs' });
  const api = useApi();
  const navigate = useNavigate();
  const { erp, dates, can } = useCompanyContext(c);
  const list = useInfiniteQuery(jobsOnlyInErpQuery(api, c));

  const columns = useMemo(() => {
    const column = dataTableColumns<ErpJob>();
    return [
      column.accessor('jobNumber', { header: 'Job number' }),
      column.accessor('description', { header: 'Description' }),
      column.display({ id: 'status', header: 'Status', cell: ({ row }) => jobStatuses[row.original.status] }),
      column.display({ id: 'division', header: 'Division', cell: ({ row }) => row.original.division ?? '—' }),
      column.display({
        id: 'customer',
        header: 'Customer',
        cell: ({ row }) => row.original.customerCode ?? '—',
      }),
      column.display({
        id: 'template',
        header: 'Template',
        cell: ({ row }) =>
          row.original.isTemplate ? (
            <Badge tone="grey" icon={<DotIcon />}>
              Template
            </Badge>
          ) : null,
      }),
      column.display({
        id: 'seen',
        header: 'Last seen',
        cell: ({ row }) => <LastSeen iso={row.original.seenAt} dates={dates} />,
      }),
    ];
  }, [dates]);

  const label = (job: ErpJob) => `${job.jobNumber} ${job.description}`;
  const path = (job: ErpJob) => ({ params: { path: { c, jobNumber: job.jobNumber } } });

  return (
    <MirrorPage<ErpJob>
      companyId={c}
      title={copy.jobsOnlyIn(erp)}
      noun="job"
      columns={columns}
      list={list}
      listKey={mirrorKeys.jobs(c)}
      keyOf={(job) => job.jobNumber}
      labelOf={label}
      empty={`Every ${erp} job is linked to a project.`}
      canManage={can('manageErpLinks')}
      importQuestion={(job) => `Create project ${label(job)}, synced, with its cost codes?`}
      importRow={async (job) => {
        const project = await unwrap(
          api.POST('/api/v1/companies/{c}/erp/jobs/{jobNumber}/import', { ...path(job), body: {} }),
        );
        void navigate({ to: '/companies/$c/projects/$p', params: { c, p: project.id } });
      }}
      link={{
        label: 'Project',
        description: `Only projects not yet synced with ${erp} are listed. The project becomes synced with this job.`,
        candidates: unsyncedProjectsQuery(api, c),
        none: `Every project is synced with ${erp} or waiting for approval. Import the job instead, or create the project first.`,
        submit: (job, projectId) =>
          api.POST('/api/v1/companies/{c}/erp/jobs/{jobNumber}/link', { ...path(job), body: { projectId } }),
      }}
      archiveText={`The job leaves ${copy.jobsOnlyIn(erp)}. ${erp} keeps it as it is.`}
      archiveRow={(job) =>
        api.POST('/api/v1/companies/{c}/erp/jobs/{jobNumber}/archive', { ...path(job), body: {} })
      }
      touches={[['c', c, 'projects'], mirrorKeys.unsyncedProjects(c)]}
    />
  );
}
