import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { ApiError, errorDetail, unwrap, useApi } from '../../api/client.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { isLocked, RecordErpPanel } from '../records/record-erp-panel.tsx';
import { useErpFacts } from '../records/request-facts.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { NotFoundPage } from '../shell/index.ts';
import { VendorForm, vendorBody } from './vendor-form.tsx';
import { type Vendor, vendorKeys, vendorQuery } from './vendor-queries.ts';

/** S14 vendor: the form (`PATCH` with `version`) and S5 ("Synced as {vendorCode}"). */
export function VendorPage() {
  const { c, v } = useParams({ from: '/signed-in/companies/$c/vendors/$v' });
  const query = useQuery(vendorQuery(useApi(), c, v));
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
    return <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />;
  }
  if (!query.data)
    return (
      <div aria-busy="true" className="h-40 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
    );
  return <VendorDetail c={c} vendor={query.data} />;
}

function VendorDetail({ c, vendor }: { c: string; vendor: Vendor }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { erp, dates, can } = useCompanyContext(c);
  const path = { c, v: vendor.id };
  const { status, facts } = useErpFacts(c, vendor.erp, can('viewErpQueue'));
  const code = vendor.erp.vendorCode ?? vendor.vendorCode;
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">{vendor.name}</h1>
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <VendorForm
          vendor={vendor}
          editable={can('editProjectRecords') && !isLocked(status)}
          submitLabel="Save changes"
          onSubmit={async (values) => {
            const saved = await unwrap(
              api.PATCH('/api/v1/companies/{c}/vendors/{v}', {
                params: { path },
                body: { version: vendor.version, ...vendorBody(values) },
              }),
            );
            queryClient.setQueryData(vendorKeys.one(c, vendor.id), saved);
          }}
        />
        <RecordErpPanel
          companyId={c}
          erp={erp}
          status={status}
          syncedText={code ? `Synced as ${code}` : `Synced with ${erp}`}
          requestId={vendor.erp.requestId}
          facts={facts}
          dates={dates}
          canSend={can('sendToErp')}
          canViewQueue={can('viewErpQueue')}
          onSend={() =>
            api.POST('/api/v1/companies/{c}/vendors/{v}/send-to-erp', { params: { path }, body: {} })
          }
          onRetrieve={() =>
            api.POST('/api/v1/companies/{c}/vendors/{v}/retrieve-from-erp', { params: { path }, body: {} })
          }
          onChanged={() => queryClient.invalidateQueries({ queryKey: vendorKeys.all(c) })}
        />
      </div>
    </section>
  );
}
