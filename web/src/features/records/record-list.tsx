import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { errorDetail } from '../../api/client.ts';
import { erpStatuses, statusLabels } from '../../format/erp.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { inputClass } from '../../ui/form-field.tsx';
import type { RecordListSearch } from './list-search.ts';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

export interface RecordListProps<T> {
  caption: string;
  columns: Column<T>[];
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor: string | null }>>;
  rowKey: (row: T) => string;
  search: RecordListSearch;
  onSearch: (search: RecordListSearch) => void;
  searchLabel: string;
  empty: ReactNode;
}

/** The filters of a record list (A14): text, ERP status, Active — each change is a new API query. */
function Filters({
  search,
  onSearch,
  searchLabel,
}: Pick<RecordListProps<unknown>, 'search' | 'onSearch' | 'searchLabel'>) {
  const [text, setText] = useState(search.q ?? '');
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((search.q ?? '') !== text) onSearch({ ...search, q: text || undefined } as RecordListSearch);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, search, onSearch]);
  const activeValue = search.active === undefined ? '' : String(search.active);
  return (
    <search className="flex flex-wrap items-start gap-3">
      <label className="text-sm font-medium">
        {searchLabel}
        <input type="search" className={inputClass} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="text-sm font-medium">
        ERP status
        <select
          className={inputClass}
          value={search.erpStatus ?? ''}
          onChange={(e) =>
            onSearch({ ...search, erpStatus: e.target.value || undefined } as RecordListSearch)
          }
        >
          <option value="">Any</option>
          {erpStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Active
        <select
          className={inputClass}
          value={activeValue}
          onChange={(e) =>
            onSearch({
              ...search,
              active: e.target.value === '' ? undefined : e.target.value === 'true',
            } as RecordListSearch)
          }
        >
          <option value="">Any</option>
          <option value="true">Active</option>
          <option value="false">Inactive</option>
        </select>
      </label>
    </search>
  );
}

/** A server list in a native table, loading page by page (`limit=200`, cursor). */
export function RecordList<T>(props: RecordListProps<T>) {
  const { query, columns } = props;
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-3">
      <Filters search={props.search} onSearch={props.onSearch} searchLabel={props.searchLabel} />
      {query.isError ? (
        <ErrorState detail={errorDetail(query.error)} onRetry={() => query.refetch()} />
      ) : !query.isPending && rows.length === 0 ? (
        <EmptyState>{props.empty}</EmptyState>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-busy={query.isPending}>
          <caption className="sr-only">{props.caption}</caption>
          <thead className="sticky top-0 bg-gray-100">
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col" className="px-2 py-2 font-medium">
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {query.isPending
              ? [0, 1, 2].map((i) => (
                  <tr key={i}>
                    {columns.map((column) => (
                      <td key={column.header} className="px-2 py-2">
                        <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                      </td>
                    ))}
                  </tr>
                ))
              : rows.map((row) => (
                  <tr key={props.rowKey(row)} className="h-9 border-t border-gray-200 bg-white">
                    {columns.map((column) => (
                      <td key={column.header} className="px-2 py-1">
                        {column.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <Button isPending={query.isFetchingNextPage} onPress={() => query.fetchNextPage()}>
          Show more
        </Button>
      )}
    </div>
  );
}
