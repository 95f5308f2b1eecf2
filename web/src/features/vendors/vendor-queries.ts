import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import type { RecordListSearch } from '../records/list-search.ts';

export type Vendor =
  paths['/api/v1/companies/{c}/vendors/{v}']['get']['responses'][200]['content']['application/json'];

export const vendorKeys = {
  all: (c: string) => ['c', c, 'vendors'] as const,
  list: (c: string, search: RecordListSearch) => ['c', c, 'vendors', 'list', search] as const,
  one: (c: string, v: string) => ['c', c, 'vendors', v] as const,
};

export const vendorsQuery = (api: ApiClient, c: string, search: RecordListSearch) =>
  infiniteQueryOptions({
    queryKey: vendorKeys.list(c, search),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/vendors', {
          params: { path: { c }, query: { ...search, limit: 200, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 30_000,
  });

export const vendorQuery = (api: ApiClient, c: string, v: string) =>
  queryOptions({
    queryKey: vendorKeys.one(c, v),
    queryFn: () => unwrap(api.GET('/api/v1/companies/{c}/vendors/{v}', { params: { path: { c, v } } })),
    staleTime: 30_000,
  });
