import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { pollWhileOpen } from '../records/request-facts.ts';

type ChangeOrdersPath = paths['/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders'];
export type ChangeOrder =
  paths['/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}']['get']['responses'][200]['content']['application/json'];
export type ChangeOrderSummary =
  ChangeOrdersPath['get']['responses'][200]['content']['application/json']['items'][number];
export type ChangeOrderBody = ChangeOrdersPath['post']['requestBody']['content']['application/json'];

/** Under the commitment's key, so refreshing a commitment refreshes its change orders too. */
export const changeOrderKeys = {
  all: (c: string, p: string, k: string) =>
    ['c', c, 'projects', p, 'commitments', k, 'change-orders'] as const,
  list: (c: string, p: string, k: string) =>
    ['c', c, 'projects', p, 'commitments', k, 'change-orders', 'list'] as const,
  one: (c: string, p: string, k: string, o: string) =>
    ['c', c, 'projects', p, 'commitments', k, 'change-orders', o] as const,
};

export const changeOrdersQuery = (api: ApiClient, c: string, p: string, k: string) =>
  infiniteQueryOptions({
    queryKey: changeOrderKeys.list(c, p, k),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders', {
          params: { path: { c, p, k }, query: { limit: 200, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 30_000,
    // Live events name a record, not the lists it is in: while a row waits, poll as its page does.
    refetchInterval: (query) =>
      pollWhileOpen(
        query.state.data?.pages.flatMap((page) => page.items).find((row) => pollWhileOpen(row.erp.status))
          ?.erp.status,
      ),
  });

export const changeOrderQuery = (api: ApiClient, c: string, p: string, k: string, o: string) =>
  queryOptions({
    queryKey: changeOrderKeys.one(c, p, k, o),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies/{c}/projects/{p}/commitments/{k}/change-orders/{o}', {
          params: { path: { c, p, k, o } },
        }),
      ),
    staleTime: 30_000,
  });
