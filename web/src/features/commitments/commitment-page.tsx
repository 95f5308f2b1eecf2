import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { ApiError, errorDetail, type ProblemError, unwrap, useApi } from '../../api/client.ts';
import type { MoneyFormat } from '../../format/money.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { ChangeOrderList } from '../change-orders/change-order-list.tsx';
import { isLocked, RecordErpPanel } from '../records/record-erp-panel.tsx';
import { useErpFacts } from '../records/request-facts.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { NotFoundPage } from '../shell/index.ts';
import { CommitmentCrumbs } from './commitment-crumbs.tsx';
import { CommitmentForm } from './commitment-form.tsx';
import { type Commitment, commitmentKeys, commitmentQuery } from './commitment-queries.ts';

/**
 * Where a precondition of a commitment's send is fixed (S5): a line's cost code → the project's cost
 * codes (S12), the vendor → its page (S14), the project → its overview (S11); status and lines are here.
 */
function commitmentFixLink(c: string, p: string, vendorId: string) {
  return (error: ProblemError) =>
    /^lines\[/.test(error.path) ? (
      <Link to="/companies/$c/projects/$p/cost-codes" params={{ c, p }} className="underline">
        Open cost codes
      </Link>
    ) : error.path === 'vendorId' ? (
      <Link to="/companies/$c/vendors/$v" params={{ c, v: vendorId }} className="underline">
        Open the vendor
      </Link>
    ) : error.path === 'project' ? (
      <Link to="/companies/$c/projects/$p" params={{ c, p }} className="underline">
        Open the project
      </Link>
    ) : null;
}

/** A record's page while it loads, fails or is unknown (UI.md §3), else the record. */
export function RecordLoading() {
  return (
    <div aria-busy="true" className="space-y-3">
      <div className="h-7 w-64 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
      <div className="h-40 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
    </div>
  );
}

/** S15 commitment: its form (`PATCH` with `version`), S5, and its change orders. */
export function CommitmentPage() {
  const { c, p, k } = useParams({ from: '/signed-in/companies/$c/projects/$p/commitments/$k' });
  const query = useQuery(commitmentQuery(useApi(), c, p, k));
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
    return <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />;
  }
  if (!query.data) return <RecordLoading />;
  return <CommitmentDetail c={c} p={p} commitment={query.data} />;
}

function CommitmentDetail({ c, p, commitment }: { c: string; p: string; commitment: Commitment }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { erp, dates, can, company } = useCompanyContext(c);
  const money: MoneyFormat = { locale: company.settings.locale, currency: company.settings.currency };
  const { status, facts } = useErpFacts(c, commitment.erp, can('viewErpQueue'));
  const synced = status === 'synced';
  const path = { c, p, k: commitment.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: commitmentKeys.all(c, p) });

  return (
    <section className="space-y-4">
      <CommitmentCrumbs c={c} p={p} />
      <h1 className="text-xl font-semibold">
        {commitment.number} {commitment.title}
      </h1>
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-2">
          {synced && (
            <p className="text-sm text-gray-800">Synced commitments stay locked; {erp} owns them now.</p>
          )}
          <CommitmentForm
            // A saved version starts the form afresh, lines included (new lines now have their items).
            key={commitment.version}
            c={c}
            commitment={commitment}
            editable={can('editProjectRecords') && !isLocked(status) && !synced}
            submitLabel="Save changes"
            money={money}
            onSubmit={async (body) => {
              const saved = await unwrap(
                api.PATCH('/api/v1/companies/{c}/projects/{p}/commitments/{k}', {
                  params: { path },
                  body: { version: commitment.version, ...body },
                }),
              );
              queryClient.setQueryData(commitmentKeys.one(c, p, commitment.id), saved);
              await queryClient.invalidateQueries({ queryKey: commitmentKeys.list(c, p) });
            }}
          />
        </div>
        <RecordErpPanel
          companyId={c}
          erp={erp}
          status={status}
          syncedText={
            commitment.erp.ids?.subcontract
              ? `Synced with ${erp} as subcontract ${commitment.erp.ids.subcontract}`
              : `Synced with ${erp}`
          }
          requestId={commitment.erp.requestId}
          facts={facts}
          dates={dates}
          canSend={can('sendToErp')}
          canViewQueue={can('viewErpQueue')}
          // Once synced the ERP owns it: there is nothing to re-send.
          sendable={['not_sent', 'retrieved', 'rejected'].includes(status)}
          onSend={() =>
            api.POST('/api/v1/companies/{c}/projects/{p}/commitments/{k}/send-to-erp', {
              params: { path },
              body: {},
            })
          }
          onRetrieve={() =>
            api.POST('/api/v1/companies/{c}/projects/{p}/commitments/{k}/retrieve-from-erp', {
              params: { path },
              body: {},
            })
          }
          onChanged={refresh}
          linkFor={commitmentFixLink(c, p, commitment.vendorId)}
        />
      </div>
      <ChangeOrderList c={c} p={p} k={commitment.id} money={money} canCreate={can('editProjectRecords')} />
    </section>
  );
}
