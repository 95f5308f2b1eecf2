import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { errorDetail, useApi } from '../../api/client.ts';
import { formatMoney, type MoneyFormat } from '../../format/money.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { statusLabel } from '../commitments/commitment-form.tsx';
import { ErpStatusCell } from '../commitments/erp-status-cell.tsx';
import { changeOrdersQuery } from './change-order-queries.ts';

export interface ChangeOrderListProps {
  c: string;
  p: string;
  k: string;
  money: MoneyFormat;
  canCreate: boolean;
}

const cellClass = 'px-2 py-1.5 align-top';

/**
 * A commitment's change orders (S15): number, title, status, lines, total and ERP status, with a rejected
 * change order's comment in its row, and New change order. A commitment has few, so no virtualising.
 */
export function ChangeOrderList({ c, p, k, money, canCreate }: ChangeOrderListProps) {
  const list = useInfiniteQuery(changeOrdersQuery(useApi(), c, p, k));
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="change-orders-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="change-orders-heading" className="text-lg font-semibold">
          Change orders
        </h2>
        {canCreate && (
          <Link
            to="/companies/$c/projects/$p/commitments/$k/change-orders/new"
            params={{ c, p, k }}
            className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
          >
            New change order
          </Link>
        )}
      </div>
      {list.isError ? (
        <ErrorState detail={errorDetail(list.error)} onRetry={() => void list.refetch()} />
      ) : !list.isPending && rows.length === 0 ? (
        <EmptyState>
          No change orders yet. They appear here when someone adds one with New change order.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-md border border-gray-200 bg-white">
          <table className="w-full border-collapse text-left text-sm" aria-busy={list.isPending}>
            <caption className="sr-only">Change orders</caption>
            <thead className="bg-gray-50">
              <tr>
                {['Number', 'Title', 'Status', 'Lines', 'Total', 'ERP status'].map((header) => (
                  <th key={header} scope="col" className="px-2 py-2 font-medium">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.isPending ? (
                <tr>
                  <td colSpan={6} className="px-2 py-2">
                    <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                  </td>
                </tr>
              ) : (
                rows.map((order) => (
                  <tr key={order.id} className="border-t border-gray-200">
                    <td className={cellClass}>
                      <Link
                        to="/companies/$c/projects/$p/commitments/$k/change-orders/$o"
                        params={{ c, p, k, o: order.id }}
                        className="text-blue-800 underline"
                      >
                        {order.number}
                      </Link>
                    </td>
                    <td className={cellClass}>{order.title}</td>
                    <td className={cellClass}>{statusLabel(order.status)}</td>
                    <td className={cellClass}>
                      {new Intl.NumberFormat(money.locale).format(order.lineCount)}
                    </td>
                    <td className={`${cellClass} tabular-nums`}>{formatMoney(order.total, money)}</td>
                    <td className={cellClass}>
                      <ErpStatusCell c={c} erp={order.erp} withComment />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <Button isPending={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
          Show more
        </Button>
      )}
    </section>
  );
}
