import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { unwrap, useApi } from '../../api/client.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { ProjectForm, projectBody } from './project-form.tsx';
import { projectKeys } from './project-queries.ts';

/** S10 New project: `POST …/projects` → the new project's page. */
export function NewProjectPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/projects/new' });
  const { erp, can } = useCompanyContext(c);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <section className="max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">New project</h1>
      {can('editProjectRecords') ? (
        <ProjectForm
          erp={erp}
          editable
          submitLabel="Create project"
          onSubmit={async (values) => {
            const created = await unwrap(
              api.POST('/api/v1/companies/{c}/projects', {
                params: { path: { c } },
                body: projectBody(values),
              }),
            );
            await queryClient.invalidateQueries({ queryKey: projectKeys.all(c) });
            await navigate({ to: '/companies/$c/projects/$p', params: { c, p: created.id } });
          }}
        />
      ) : (
        <p>You don't have permission to create projects. Ask your ERP admin for Standard project tools.</p>
      )}
    </section>
  );
}
