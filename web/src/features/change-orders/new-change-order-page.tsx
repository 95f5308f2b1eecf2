import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { unwrap, useApi } from '../../api/client.ts';
import { CommitmentCrumbs } from '../commitments/commitment-crumbs.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { ChangeOrderForm } from './change-order-form.tsx';
import { changeOrderKeys } from './change-order-queries.ts';

/** S15 New change order: `POST …/change-orders` → the new change order's page. */
export function NewChangeOrderPage() {
  const { c, p, k } = useParams({
    from: '/signed-in/companies/$c/projects/$p/commitments/$k/change-orders/new',
  });
  const { can, company } = useCompanyContext(c);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <section className="max-w-5xl space-y-4">
      <CommitmentCrumbs c={c} p={p} k={k} />
      <h1 className="text-xl font-semibold">New change order</h1>
      {can('editProjectRecords') ? (
        <ChangeOrderForm
          c={c}
          editable
          submitLabel="Create change order"
          money={{ locale: company.settings.locale, currency: company.settings.currency }}
          onSubmit={async (body) => {
            const created = await unwrap(
              api.POST('/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders', {
                params: { path: { c, p, k } },
                body,
              }),
            );
            queryClient.setQueryData(changeOrderKeys.one(c, p, k, created.id), created);
            await queryClient.invalidateQueries({ queryKey: changeOrderKeys.list(c, p, k) });
            await navigate({
              to: '/companies/$c/projects/$p/commitments/$k/change-orders/$o',
              params: { c, p, k, o: created.id },
            });
          }}
        />
      ) : (
        <p>
          You don't have permission to create change orders. Ask your ERP admin for Standard project tools.
        </p>
      )}
    </section>
  );
}
