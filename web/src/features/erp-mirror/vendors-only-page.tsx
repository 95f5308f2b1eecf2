import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useMemo } from 'react';
import { unwrap, useApi } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { dataTableColumns } from '../../ui/data-table.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { LastSeen } from './last-seen.tsx';
import { MirrorPage } from './mirror-page.tsx';
import { type ErpVendor, mirrorKeys, unsyncedVendorsQuery, vendorsOnlyInErpQuery } from './mirror-queries.ts';

/** "12 Main St, Springfield, IL 62701". */
export function addressText(address: ErpVendor['address']): string {
  if (!address) return '—';
  const cityLine = [address.city, [address.state, address.zip].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [address.line1, cityLine].filter(Boolean).join(', ') || '—';
}

/** S8 `/companies/$c/erp/vendors?linked=false`: ERP vendors no directory vendor is linked to. */
export function VendorsOnlyInErpPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/erp/vendors' });
  const api = useApi();
  const navigate = useNavigate();
  const { erp, dates, can } = useCompanyContext(c);
  const list = useInfiniteQuery(vendorsOnlyInErpQuery(api, c));

  const columns = useMemo(() => {
    const column = dataTableColumns<ErpVendor>();
    return [
      column.accessor('vendorCode', { header: 'Vendor code' }),
      column.accessor('name', { header: 'Name' }),
      column.display({
        id: 'address',
        header: 'Address',
        cell: ({ row }) => addressText(row.original.address),
      }),
      column.display({
        id: 'seen',
        header: 'Last seen',
        cell: ({ row }) => <LastSeen iso={row.original.seenAt} dates={dates} />,
      }),
    ];
  }, [dates]);

  const label = (vendor: ErpVendor) => `${vendor.vendorCode} ${vendor.name}`;
  const path = (vendor: ErpVendor) => ({ params: { path: { c, vendorCode: vendor.vendorCode } } });

  return (
    <MirrorPage<ErpVendor>
      companyId={c}
      title={copy.vendorsOnlyIn(erp)}
      noun="vendor"
      columns={columns}
      list={list}
      listKey={mirrorKeys.vendors(c)}
      keyOf={(vendor) => vendor.vendorCode}
      labelOf={label}
      empty={`Every ${erp} vendor is linked to a vendor.`}
      canManage={can('manageErpLinks')}
      importQuestion={(vendor) => `Create vendor ${label(vendor)}, synced?`}
      importRow={async (vendor) => {
        const created = await unwrap(
          api.POST('/api/v1/companies/{c}/erp/vendors/{vendorCode}/import', { ...path(vendor), body: {} }),
        );
        void navigate({ to: '/companies/$c/vendors/$v', params: { c, v: created.id } });
      }}
      link={{
        label: 'Vendor',
        description: `Only vendors not yet synced with ${erp} are listed. The vendor becomes synced with this one.`,
        candidates: unsyncedVendorsQuery(api, c),
        none: `Every vendor is synced with ${erp} or waiting for approval. Import this vendor instead.`,
        submit: (vendor, vendorId) =>
          api.POST('/api/v1/companies/{c}/erp/vendors/{vendorCode}/link', {
            ...path(vendor),
            body: { vendorId },
          }),
      }}
      archiveText={`The vendor leaves ${copy.vendorsOnlyIn(erp)}. ${erp} keeps it as it is.`}
      archiveRow={(vendor) =>
        api.POST('/api/v1/companies/{c}/erp/vendors/{vendorCode}/archive', { ...path(vendor), body: {} })
      }
      touches={[['c', c, 'vendors'], mirrorKeys.unsyncedVendors(c)]}
    />
  );
}
