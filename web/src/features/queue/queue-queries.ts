import { type InfiniteData, infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type QueuePage =
  paths['/api/v1/companies/{c}/erp/requests']['get']['responses'][200]['content']['application/json'];
export type QueueRow = QueuePage['items'][number];
export type RequestDetail =
  paths['/api/v1/companies/{c}/erp/requests/{r}']['get']['responses'][200]['content']['application/json'];
export type RequestKind = QueueRow['kind'];
export type RequestStatus = QueueRow['status'];
export type QueueData = InfiniteData<QueuePage, string | null>;
export type Counts = { kind: RequestKind; status: RequestStatus; count: number }[];

export const NEEDS_ACTION: RequestStatus[] = ['ready_to_export', 'ready_to_update', 'failed'];
export const PAGE_SIZE = 200;

/** The API filter a queue URL stands for (its `status` and `kind` are the API's, UI.md ground rules). */
export interface QueueFilter {
  status: string;
  kind?: string | undefined;
  q?: string | undefined;
}

export const queueKeys = {
  all: (c: string) => ['c', c, 'erp-requests'] as const,
  lists: (c: string) => ['c', c, 'erp-requests', 'list'] as const,
  list: (c: string, filter: QueueFilter) => ['c', c, 'erp-requests', 'list', filter] as const,
  counts: (c: string) => ['c', c, 'erp-requests', 'counts'] as const,
  detail: (c: string, r: string) => ['c', c, 'erp-requests', 'detail', r] as const,
  jobTemplates: (c: string) => ['c', c, 'erp', 'job-templates'] as const,
};

export const queueListQuery = (api: ApiClient, c: string, filter: QueueFilter) =>
  infiniteQueryOptions({
    queryKey: queueKeys.list(c, filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/erp/requests', {
          params: {
            path: { c },
            query: {
              status: filter.status,
              limit: PAGE_SIZE,
              ...(filter.kind && { kind: filter.kind }),
              ...(filter.q && { q: filter.q }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });

export const countsQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: queueKeys.counts(c),
    queryFn: async (): Promise<Counts> =>
      (await unwrap(api.GET('/api/v1/companies/{c}/erp/requests/counts', { params: { path: { c } } }))).items,
    staleTime: 30_000,
  });

export const requestQuery = (api: ApiClient, c: string, r: string) =>
  queryOptions({
    queryKey: queueKeys.detail(c, r),
    // openapi-fetch's reading of the per-kind union drops a property typed `null` alone; the answer has it.
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies/{c}/erp/requests/{r}', { params: { path: { c, r } } }),
      ) as Promise<RequestDetail>,
    staleTime: 5_000,
  });

export const jobTemplatesQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: queueKeys.jobTemplates(c),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/companies/{c}/erp/job-templates', {
            params: { path: { c }, query: { limit: 200 } },
          }),
        )
      ).items,
    staleTime: 300_000,
  });

/** Sum of the counts matching kinds (all when empty) and statuses. */
export function countOf(counts: Counts | undefined, kinds: readonly string[], statuses: readonly string[]) {
  if (!counts) return undefined;
  return counts
    .filter((c) => (kinds.length === 0 || kinds.includes(c.kind)) && statuses.includes(c.status))
    .reduce((sum, c) => sum + c.count, 0);
}
