import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { ApiError, errorDetail, type ProblemError, unwrap, useApi } from '../../api/client.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { isLocked, RecordErpPanel } from '../records/record-erp-panel.tsx';
import { useErpFacts } from '../records/request-facts.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { NotFoundPage } from '../shell/index.ts';
import { ProjectForm, projectBody } from './project-form.tsx';
import { type Project, projectKeys, projectQuery } from './project-queries.ts';
import { ProjectTabs } from './project-tabs.tsx';

/** Where a precondition of the project's send is fixed (S5): cost codes → S12, fields → this form. */
export function projectFixLink(c: string, p: string) {
  return (error: ProblemError) =>
    error.path.startsWith('costCodes') || error.path.startsWith('cost-codes') ? (
      <Link to="/companies/$c/projects/$p/cost-codes" params={{ c, p }} className="underline">
        Open cost codes
      </Link>
    ) : error.path.startsWith('budget') ? (
      <Link to="/companies/$c/projects/$p/budget" params={{ c, p }} className="underline">
        Open the budget
      </Link>
    ) : null;
}

/** The project's name as a page heading, its tabs, and the page below them (S11). */
export function ProjectFrame({
  c,
  p,
  children,
}: {
  c: string;
  p: string;
  children: (project: Project) => React.ReactNode;
}) {
  const query = useQuery(projectQuery(useApi(), c, p));
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
    return <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />;
  }
  if (!query.data)
    return (
      <div aria-busy="true" className="space-y-3">
        <div className="h-7 w-64 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
        <div className="h-40 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
      </div>
    );
  const project = query.data;
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">
        {project.number ? `${project.number} ${project.name}` : project.name}
      </h1>
      <ProjectTabs c={c} p={p} />
      {children(project)}
    </section>
  );
}

/** S11 Overview: the project form (`PATCH` with `version`) beside the S5 panel. */
export function ProjectPage() {
  const { c, p } = useParams({ from: '/signed-in/companies/$c/projects/$p' });
  return (
    <ProjectFrame c={c} p={p}>
      {(project) => <ProjectOverview c={c} project={project} />}
    </ProjectFrame>
  );
}

function ProjectOverview({ c, project }: { c: string; project: Project }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { erp, dates, can } = useCompanyContext(c);
  const path = { c, p: project.id };
  const { status, facts } = useErpFacts(c, project.erp, can('viewErpQueue'));
  const locked = isLocked(status);
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.all(c) });

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-2">
        <ProjectForm
          erp={erp}
          project={project}
          editable={can('editProjectRecords') && !locked}
          submitLabel="Save changes"
          onSubmit={async (values) => {
            const saved = await unwrap(
              api.PATCH('/api/v1/companies/{c}/projects/{p}', {
                params: { path },
                body: { version: project.version, ...projectBody(values) },
              }),
            );
            queryClient.setQueryData(projectKeys.one(c, project.id), saved);
            await queryClient.invalidateQueries({ queryKey: projectKeys.list(c, {}).slice(0, 4) });
          }}
        />
      </div>
      <RecordErpPanel
        companyId={c}
        erp={erp}
        status={status}
        syncedText={`Synced with ${erp}${project.erp.jobNumber ? ` as job ${project.erp.jobNumber}` : ''}`}
        requestId={project.erp.requestId}
        facts={facts}
        dates={dates}
        canSend={can('sendToErp')}
        canViewQueue={can('viewErpQueue')}
        onSend={() =>
          api.POST('/api/v1/companies/{c}/projects/{p}/send-to-erp', { params: { path }, body: {} })
        }
        onRetrieve={() =>
          api.POST('/api/v1/companies/{c}/projects/{p}/retrieve-from-erp', { params: { path }, body: {} })
        }
        onChanged={refresh}
        linkFor={projectFixLink(c, project.id)}
      />
    </div>
  );
}
