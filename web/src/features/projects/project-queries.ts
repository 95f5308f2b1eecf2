import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import type { RecordListSearch } from '../records/list-search.ts';

export type Project =
  paths['/api/v1/companies/{c}/projects/{p}']['get']['responses'][200]['content']['application/json'];
export type ProjectCostCode =
  paths['/api/v1/companies/{c}/projects/{p}/cost-codes']['get']['responses'][200]['content']['application/json']['items'][number];

export const projectKeys = {
  list: (c: string, search: RecordListSearch) => ['c', c, 'projects', 'list', search] as const,
  all: (c: string) => ['c', c, 'projects'] as const,
  one: (c: string, p: string) => ['c', c, 'projects', p] as const,
  costCodes: (c: string, p: string) => ['c', c, 'projects', p, 'cost-codes'] as const,
};

export const projectsQuery = (api: ApiClient, c: string, search: RecordListSearch) =>
  infiniteQueryOptions({
    queryKey: projectKeys.list(c, search),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/projects', {
          params: { path: { c }, query: { ...search, limit: 200, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 30_000,
  });

export const projectQuery = (api: ApiClient, c: string, p: string) =>
  queryOptions({
    queryKey: projectKeys.one(c, p),
    queryFn: () => unwrap(api.GET('/api/v1/companies/{c}/projects/{p}', { params: { path: { c, p } } })),
    staleTime: 30_000,
  });

export const projectCostCodesQuery = (api: ApiClient, c: string, p: string) =>
  queryOptions({
    queryKey: projectKeys.costCodes(c, p),
    queryFn: () =>
      unwrap(api.GET('/api/v1/companies/{c}/projects/{p}/cost-codes', { params: { path: { c, p } } })),
    staleTime: 30_000,
    refetchInterval: (query) =>
      query.state.data?.items.some((code) => code.costTypes.some((t) => t.erpStatus === 'pending'))
        ? 5000
        : false,
  });
