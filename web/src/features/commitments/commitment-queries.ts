import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { pollWhileOpen } from '../records/request-facts.ts';

type CommitmentsPath = paths['/api/v1/companies/{c}/projects/{p}/commitments'];
export type Commitment =
  paths['/api/v1/companies/{c}/projects/{p}/commitments/{k}']['get']['responses'][200]['content']['application/json'];
export type CommitmentSummary =
  CommitmentsPath['get']['responses'][200]['content']['application/json']['items'][number];
export type CommitmentBody = CommitmentsPath['post']['requestBody']['content']['application/json'];
type Vendor =
  paths['/api/v1/companies/{c}/vendors']['get']['responses'][200]['content']['application/json']['items'][number];

export const commitmentKeys = {
  all: (c: string, p: string) => ['c', c, 'projects', p, 'commitments'] as const,
  list: (c: string, p: string) => ['c', c, 'projects', p, 'commitments', 'list'] as const,
  one: (c: string, p: string, k: string) => ['c', c, 'projects', p, 'commitments', k] as const,
  // Under the vendors' key, so a vendor saved or sent elsewhere refreshes the picker too.
  vendors: (c: string) => ['c', c, 'vendors', 'directory'] as const,
};

export const commitmentsQuery = (api: ApiClient, c: string, p: string) =>
  infiniteQueryOptions({
    queryKey: commitmentKeys.list(c, p),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/projects/{p}/commitments', {
          params: { path: { c, p }, query: { limit: 200, ...(pageParam && { cursor: pageParam }) } },
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

export const commitmentQuery = (api: ApiClient, c: string, p: string, k: string) =>
  queryOptions({
    queryKey: commitmentKeys.one(c, p, k),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies/{c}/projects/{p}/commitments/{k}', { params: { path: { c, p, k } } }),
      ),
    staleTime: 30_000,
  });

/**
 * Every vendor of the company, page by page: the vendor picker searches them all and the commitments
 * list names each commitment's vendor from them.
 */
export const vendorDirectoryQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: commitmentKeys.vendors(c),
    queryFn: async () => {
      const vendors: Vendor[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Vendor[]; nextCursor: string | null } = await unwrap(
          api.GET('/api/v1/companies/{c}/vendors', {
            params: { path: { c }, query: { limit: 200, ...(cursor && { cursor }) } },
          }),
        );
        vendors.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return vendors;
    },
    staleTime: 30_000,
  });
