import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { formatMoney, type MoneyFormat } from '../../format/money.ts';
import { DataTable, type DataTableColumn, dataTableColumns, TableSkeleton } from '../../ui/data-table.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { ProjectFrame } from '../projects/project-page.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { statusLabel, typeLabel } from './commitment-form.tsx';
import { type CommitmentSummary, commitmentsQuery, vendorDirectoryQuery } from './commitment-queries.ts';
import { ErpStatusCell } from './erp-status-cell.tsx';

const helper = dataTableColumns<CommitmentSummary>();

/** S15: the project's commitments (subcontracts and purchase orders), page by page, and New commitment. */
export function CommitmentsPage() {
  const { c, p } = useParams({ from: '/signed-in/companies/$c/projects/$p/commitments' });
  return (
    <ProjectFrame c={c} p={p}>
      {() => <CommitmentList c={c} p={p} />}
    </ProjectFrame>
  );
}

function CommitmentList({ c, p }: { c: string; p: string }) {
  const api = useApi();
  const { can, company } = useCompanyContext(c);
  const list = useInfiniteQuery(commitmentsQuery(api, c, p));
  const vendors = useQuery(vendorDirectoryQuery(api, c)).data;
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const money: MoneyFormat = { locale: company.settings.locale, currency: company.settings.currency };
  const vendorName = useMemo(() => new Map(vendors?.map((v) => [v.id, v.name])), [vendors]);

  const columns: DataTableColumn<CommitmentSummary>[] = [
    helper.display({
      id: 'number',
      header: 'Number',
      cell: ({ row }) => (
        <Link
          to="/companies/$c/projects/$p/commitments/$k"
          params={{ c, p, k: row.original.id }}
          className="text-blue-800 underline"
        >
          {row.original.number}
        </Link>
      ),
    }),
    helper.display({ id: 'title', header: 'Title', cell: ({ row }) => row.original.title }),
    helper.display({ id: 'type', header: 'Type', cell: ({ row }) => typeLabel(row.original.type) }),
    helper.display({
      id: 'vendor',
      header: 'Vendor',
      cell: ({ row }) => vendorName.get(row.original.vendorId) ?? '…',
    }),
    helper.display({ id: 'status', header: 'Status', cell: ({ row }) => statusLabel(row.original.status) }),
    helper.display({
      id: 'lines',
      header: 'Lines',
      cell: ({ row }) => new Intl.NumberFormat(money.locale).format(row.original.lineCount),
    }),
    helper.display({
      id: 'total',
      header: 'Total',
      cell: ({ row }) => <span className="tabular-nums">{formatMoney(row.original.total, money)}</span>,
    }),
    helper.display({
      id: 'erp',
      header: 'ERP status',
      cell: ({ row }) => <ErpStatusCell c={c} erp={row.original.erp} />,
    }),
  ];

  const onEndReached = useCallback(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [list]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">Commitments</h2>
        {can('editProjectRecords') && (
          <Link
            to="/companies/$c/projects/$p/commitments/new"
            params={{ c, p }}
            className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
          >
            New commitment
          </Link>
        )}
      </div>
      {list.isPending ? (
        <TableSkeleton label="Loading the commitments" />
      ) : list.isError ? (
        <ErrorState detail={errorDetail(list.error)} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>
          No commitments yet. Subcontracts and purchase orders appear here when someone creates one with New
          commitment.
        </EmptyState>
      ) : (
        <DataTable
          caption="Commitments"
          captionHidden
          columns={columns}
          data={rows}
          getRowId={(row) => row.id}
          hasMore={list.hasNextPage}
          onEndReached={onEndReached}
          isBusy={list.isFetchingNextPage}
          height={`min(70vh, ${(rows.length + 1) * 36 + 4}px)`}
        />
      )}
    </div>
  );
}
