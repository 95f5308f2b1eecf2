import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type SyncRunPage =
  paths['/api/v1/companies/{c}/erp/sync-runs']['get']['responses'][200]['content']['application/json'];
export type SyncRun = SyncRunPage['items'][number];

/**
 * Under `['c', c, 'erp']`, so `sync.finished` (which invalidates every company key but the queue's and
 * the company's, UI.md §4) refreshes them too.
 */
export const syncKeys = {
  all: (c: string) => ['c', c, 'erp', 'sync-runs'] as const,
  list: (c: string) => ['c', c, 'erp', 'sync-runs', 'list'] as const,
  latest: (c: string) => ['c', c, 'erp', 'sync-runs', 'latest'] as const,
  /** The ERP mirror and what a sync fills (jobs, vendors, templates): refreshed when a run ends. */
  mirror: (c: string) => ['c', c, 'erp'] as const,
};

/** While a run is queued or running its row changes by itself: poll every 2 s (S9's fallback). */
export const POLL_MS = 2000;
export const isUnfinished = (run: Pick<SyncRun, 'status'>) =>
  run.status === 'queued' || run.status === 'running';

const fetchRuns = (api: ApiClient, c: string, limit: number, cursor?: string | null) =>
  unwrap(
    api.GET('/api/v1/companies/{c}/erp/sync-runs', {
      params: { path: { c }, query: { limit, ...(cursor && { cursor }) } },
    }),
  );

/** S9: the sync history, newest first, page by page. */
export const syncRunsQuery = (api: ApiClient, c: string) =>
  infiniteQueryOptions({
    queryKey: syncKeys.list(c),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchRuns(api, c, 200, pageParam),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
    refetchInterval: (query) => (query.state.data?.pages[0]?.items.some(isUnfinished) ? POLL_MS : false),
  });

/** The header's view: the newest runs, enough to find the last success behind a few failures. */
export const latestSyncRunsQuery = (api: ApiClient, c: string) =>
  queryOptions({
    queryKey: syncKeys.latest(c),
    queryFn: async () => (await fetchRuns(api, c, 20)).items,
    staleTime: 30_000,
    refetchInterval: (query) => (query.state.data?.some(isUnfinished) ? POLL_MS : false),
  });
