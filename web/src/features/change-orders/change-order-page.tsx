import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { ApiError, errorDetail, type ProblemError, unwrap, useApi } from '../../api/client.ts';
import type { MoneyFormat } from '../../format/money.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { CommitmentCrumbs } from '../commitments/commitment-crumbs.tsx';
import { RecordLoading } from '../commitments/commitment-page.tsx';
import { isLocked, RecordErpPanel } from '../records/record-erp-panel.tsx';
import { useErpFacts } from '../records/request-facts.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { NotFoundPage } from '../shell/index.ts';
import { ChangeOrderForm } from './change-order-form.tsx';
import { type ChangeOrder, changeOrderKeys, changeOrderQuery } from './change-order-queries.ts';
import { ReverseChangeOrder } from './reverse-change-order.tsx';

/** Where a precondition of a change order's send is fixed: its commitment, or the project's cost codes. */
function changeOrderFixLink(c: string, p: string, k: string) {
  return (error: ProblemError) =>
    /^lines\[/.test(error.path) ? (
      <Link to="/companies/$c/projects/$p/cost-codes" params={{ c, p }} className="underline">
        Open cost codes
      </Link>
    ) : error.path === 'commitment' ? (
      <Link to="/companies/$c/projects/$p/commitments/$k" params={{ c, p, k }} className="underline">
        Open the commitment
      </Link>
    ) : null;
}

/** S15 change order: its form (`PATCH` with `version`) and S5; synced ones stay locked and can be reversed. */
export function ChangeOrderPage() {
  const { c, p, k, o } = useParams({
    from: '/signed-in/companies/$c/projects/$p/commitments/$k/change-orders/$o',
  });
  const query = useQuery(changeOrderQuery(useApi(), c, p, k, o));
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
    return <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />;
  }
  if (!query.data) return <RecordLoading />;
  // Keyed by id: a reversal opens its new change order on this same route, and nothing of the
  // reversed one (its form, an open dialog, a send message) may carry over.
  return <ChangeOrderDetail key={query.data.id} c={c} p={p} k={k} order={query.data} />;
}

function ChangeOrderDetail({ c, p, k, order }: { c: string; p: string; k: string; order: ChangeOrder }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { erp, dates, can, company } = useCompanyContext(c);
  const money: MoneyFormat = { locale: company.settings.locale, currency: company.settings.currency };
  const { status, facts } = useErpFacts(c, order.erp, can('viewErpQueue'));
  const synced = status === 'synced';
  const path = { c, p, k, o: order.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: changeOrderKeys.all(c, p, k) });

  return (
    <section className="space-y-4">
      <CommitmentCrumbs c={c} p={p} k={k} />
      <h1 className="text-xl font-semibold">
        {order.number} {order.title}
      </h1>
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-2">
          {synced && (
            <p className="text-sm text-gray-800">Synced change orders stay locked; {erp} owns them now.</p>
          )}
          {can('editProjectRecords') && (
            <ReverseChangeOrder
              c={c}
              p={p}
              k={k}
              order={order}
              erp={erp}
              reversible={synced}
              onStale={refresh}
            />
          )}
          <ChangeOrderForm
            // A saved version starts the form afresh, lines included.
            key={order.version}
            c={c}
            order={order}
            editable={can('editProjectRecords') && !isLocked(status) && !synced}
            submitLabel="Save changes"
            money={money}
            onSubmit={async (body) => {
              const saved = await unwrap(
                api.PATCH('/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}', {
                  params: { path },
                  body: { version: order.version, ...body },
                }),
              );
              queryClient.setQueryData(changeOrderKeys.one(c, p, k, order.id), saved);
              await queryClient.invalidateQueries({ queryKey: changeOrderKeys.list(c, p, k) });
            }}
          />
        </div>
        <RecordErpPanel
          companyId={c}
          erp={erp}
          status={status}
          syncedText={
            order.erp.ids?.changeRequest
              ? `Synced with ${erp} as change request ${order.erp.ids.changeRequest}`
              : `Synced with ${erp}`
          }
          requestId={order.erp.requestId}
          facts={facts}
          dates={dates}
          canSend={can('sendToErp')}
          canViewQueue={can('viewErpQueue')}
          // Once synced the ERP owns it: there is nothing to re-send.
          sendable={['not_sent', 'retrieved', 'rejected'].includes(status)}
          onSend={() =>
            api.POST('/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}/send-to-erp', {
              params: { path },
              body: {},
            })
          }
          onRetrieve={() =>
            api.POST(
              '/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}/retrieve-from-erp',
              { params: { path }, body: {} },
            )
          }
          onChanged={refresh}
          linkFor={changeOrderFixLink(c, p, k)}
        />
      </div>
    </section>
  );
}
