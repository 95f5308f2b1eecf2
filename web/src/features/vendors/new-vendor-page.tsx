import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { unwrap, useApi } from '../../api/client.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { VendorForm, vendorBody } from './vendor-form.tsx';
import { vendorKeys } from './vendor-queries.ts';

/** S14 New vendor: `POST …/vendors` → the new vendor's page. */
export function NewVendorPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/vendors/new' });
  const { can } = useCompanyContext(c);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <section className="max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">New vendor</h1>
      {can('editProjectRecords') ? (
        <VendorForm
          editable
          submitLabel="Create vendor"
          onSubmit={async (values) => {
            const created = await unwrap(
              api.POST('/api/v1/companies/{c}/vendors', {
                params: { path: { c } },
                body: vendorBody(values),
              }),
            );
            await queryClient.invalidateQueries({ queryKey: vendorKeys.all(c) });
            await navigate({ to: '/companies/$c/vendors/$v', params: { c, v: created.id } });
          }}
        />
      ) : (
        <p>You don't have permission to create vendors. Ask your ERP admin for Standard project tools.</p>
      )}
    </section>
  );
}
