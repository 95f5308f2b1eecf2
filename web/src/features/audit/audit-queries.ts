import { infiniteQueryOptions } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import type { AuditSearch } from './audit-search.ts';

export type AuditEvent =
  paths['/api/v1/companies/{c}/audit-events']['get']['responses'][200]['content']['application/json']['items'][number];

export const auditKeys = {
  list: (c: string, search: AuditSearch) => ['c', c, 'audit-events', 'list', search] as const,
};

/** Events can carry whole snapshots (a budget's lines), so pages are smaller than the lists' 200. */
const PAGE_SIZE = 50;

/** S17: the audit trail, newest first, page by page, filtered as the URL says. */
export const auditEventsQuery = (api: ApiClient, c: string, search: AuditSearch) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(c, search),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/audit-events', {
          params: {
            path: { c },
            query: { ...search, limit: PAGE_SIZE, ...(pageParam && { cursor: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });
