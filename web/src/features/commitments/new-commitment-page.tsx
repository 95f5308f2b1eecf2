import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { unwrap, useApi } from '../../api/client.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { CommitmentCrumbs } from './commitment-crumbs.tsx';
import { CommitmentForm } from './commitment-form.tsx';
import { commitmentKeys } from './commitment-queries.ts';

/** S15 New commitment: `POST …/commitments` → the new commitment's page. */
export function NewCommitmentPage() {
  const { c, p } = useParams({ from: '/signed-in/companies/$c/projects/$p/commitments/new' });
  const { can, company } = useCompanyContext(c);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <section className="max-w-5xl space-y-4">
      <CommitmentCrumbs c={c} p={p} />
      <h1 className="text-xl font-semibold">New commitment</h1>
      {can('editProjectRecords') ? (
        <CommitmentForm
          c={c}
          editable
          submitLabel="Create commitment"
          money={{ locale: company.settings.locale, currency: company.settings.currency }}
          onSubmit={async (body) => {
            const created = await unwrap(
              api.POST('/api/v1/companies/{c}/projects/{p}/commitments', {
                params: { path: { c, p } },
                body,
              }),
            );
            queryClient.setQueryData(commitmentKeys.one(c, p, created.id), created);
            await queryClient.invalidateQueries({ queryKey: commitmentKeys.list(c, p) });
            await navigate({
              to: '/companies/$c/projects/$p/commitments/$k',
              params: { c, p, k: created.id },
            });
          }}
        />
      ) : (
        <p>You don't have permission to create commitments. Ask your ERP admin for Standard project tools.</p>
      )}
    </section>
  );
}
