import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback } from 'react';
import { useApi } from '../../api/client.ts';
import type { ErpStatus } from '../../format/erp.ts';
import { StatusBadge } from '../../ui/badge.tsx';
import type { RecordListSearch } from '../records/list-search.ts';
import { type Column, RecordList } from '../records/record-list.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { type Vendor, vendorsQuery } from './vendor-queries.ts';

/** S14: the company's vendors, filtered by the API (A14), page by page. */
export function VendorsPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/vendors' });
  const search = useSearch({ from: '/signed-in/companies/$c/vendors' });
  const navigate = useNavigate({ from: '/companies/$c/vendors' });
  const { can, erp } = useCompanyContext(c);
  const query = useInfiniteQuery(vendorsQuery(useApi(), c, search));
  const onSearch = useCallback(
    (next: RecordListSearch) => navigate({ search: next, replace: true }),
    [navigate],
  );

  const columns: Column<Vendor>[] = [
    {
      header: 'Name',
      cell: (v) => (
        <Link to="/companies/$c/vendors/$v" params={{ c, v: v.id }} className="text-blue-800 underline">
          {v.name}
        </Link>
      ),
    },
    { header: 'Vendor code', cell: (v) => v.vendorCode ?? v.erp.vendorCode ?? '—' },
    { header: 'Email', cell: (v) => v.email ?? '—' },
    { header: 'Active', cell: (v) => (v.active ? 'Active' : 'Inactive') },
    { header: 'ERP status', cell: (v) => <StatusBadge status={v.erp.status as ErpStatus} /> },
  ];

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Vendors</h1>
        {can('editProjectRecords') && (
          <Link
            to="/companies/$c/vendors/new"
            params={{ c }}
            className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
          >
            New vendor
          </Link>
        )}
      </div>
      <RecordList
        caption="Vendors"
        columns={columns}
        query={query}
        rowKey={(v) => v.id}
        search={search}
        onSearch={onSearch}
        searchLabel="Find by name or vendor code"
        empty={`No vendors match. Vendors appear here when someone creates one with New vendor or imports one from ${erp}.`}
      />
    </section>
  );
}
